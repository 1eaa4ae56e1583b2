// Added to every page of a watched browser context (settle.py) before the app's own code runs.
// window.__settle.waitingFor() names what the page is still doing, or returns "" once it is
// ready for the next key press: connected, no run asked for or going on, the whole page drawn
// (no skeleton waiting for its widget's code, none stale) and every map drawn.
(() => {
  if (window !== window.top) return;
  const MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';
  const state = { reported: false, asked: false, running: false };

  // Streamlit's protobuf messages, read only as far as their top-level field numbers:
  // BackMsg 11 rerun_script; ForwardMsg 4 new_session (a run starts), 6 script_finished
  // (its status: 2 = stopped early for the next run, which then starts with a new_session).
  const fields = (data) => {
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const found = new Map();
    let at = 0;
    const varint = () => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[at++];
        value += (byte & 127) * 2 ** shift;
        if (!(byte & 128)) return value;
      }
    };
    while (at < bytes.length) {
      const tag = varint();
      if ((tag & 7) === 0) found.set(tag >>> 3, varint());
      else if ((tag & 7) === 2) {
        const length = varint();
        at += length;
        found.set(tag >>> 3, null);
      } else break;
    }
    return found;
  };

  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const message = fields(event.data);
        if (message.has(4)) Object.assign(state, { asked: false, running: true }); // started
        if (message.has(6) && message.get(6) !== 2) state.running = false;
      });
    }

    send(data) {
      if (typeof data !== 'string' && fields(data).has(11)) {
        Object.assign(state, { reported: false, asked: true });
      }
      return super.send(data);
    }
  };

  // A map sends the app a click; the app asks for a run a moment later (a timer).
  window.addEventListener('message', (event) => {
    if (event.data?.type === 'streamlit:setComponentValue') state.reported = true;
  });

  const sliding = () => [...document.querySelectorAll('details')].some((details) => {
    const arrow = details.querySelector('summary [data-testid="stIconMaterial"]')?.textContent;
    return arrow && details.open !== arrow.includes('down');
  });

  const waitingFor = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app?.dataset.testConnectionState !== 'CONNECTED') return 'the connection';
    if (state.reported || state.asked) return 'a run asked for';
    if (state.running || app.dataset.testScriptState !== 'notRunning') return 'the run to end';
    // A link's first run draws the first screen; the page asks for the rest once the map is drawn
    // (components/rest_of_page.py) and drops this button when it has come.
    if (document.querySelector('.st-key-rest_of_page')) return 'the rest of the page';
    const skeletons = document.querySelectorAll('[data-testid="stSkeleton"]').length;
    if (skeletons) return `${skeletons} elements waiting for their code`;
    if (document.querySelector('[data-stale="true"]')) return 'stale elements';
    // An expander a run closed keeps its `open` until its closing slide ends (100-300 ms, more
    // on a busy machine); its arrow turns at once. A click in between meets a closing panel.
    if (sliding()) return 'an expander to open or close';
    // A list closed by Escape or a pick fades out over what lies under it (React Aria marks it
    // data-exiting): read at once, the call list's first line under it was "not seen" (1 of 4
    // runs at 1366 px in Spanish). A click there would land on an option instead.
    if (document.querySelector('[data-exiting]')) return 'a list to close';
    // A map sends nothing when drawn (clinic_finder/show/map_view.QuietFirstView), only clicks.
    for (const frame of document.querySelectorAll(MAP_FRAME)) {
      const drawn = '.leaflet-overlay-pane > *, .leaflet-marker-pane > *';
      if (!frame.contentDocument?.querySelector(drawn)) return 'a map to draw';
    }
    return '';
  };
  window.__settle = { waitingFor, sliding };
})();
