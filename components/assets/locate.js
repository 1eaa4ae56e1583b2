// "Use my location": asks the browser for its position only when the button is pressed, and
// sends it to this app's own server over the page's existing connection. Nothing else is loaded
// or contacted; the browser itself decides how it finds the position and asks the person first.
// Its words come from the app (`data`), in the page's language, and follow it on every render.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const button = parentElement.querySelector(".locate-button");
  const note = parentElement.querySelector(".locate-note");
  if (!button) return;
  const words = data || {};
  if (words.label) parentElement.querySelector(".locate-label").textContent = words.label;
  button.dataset.asking = words.asking || "Asking your browser…";
  if (button.dataset.ready) return;
  button.dataset.ready = "1";
  const done = (payload) => {
    button.disabled = false;
    note.textContent = "";
    setTriggerValue("position", payload);
  };
  // W3C codes: 1 permission denied, 2 position unavailable, 3 timeout.
  const failures = { 1: "denied", 2: "unavailable", 3: "timeout" };
  button.addEventListener("click", () => {
    if (!navigator.geolocation) {
      done({ error: "unavailable" });
      return;
    }
    button.disabled = true;
    note.textContent = button.dataset.asking;
    navigator.geolocation.getCurrentPosition(
      (position) =>
        done({
          lat: position.coords.latitude,
          lon: position.coords.longitude,
          accuracy: position.coords.accuracy,
        }),
      (error) => done({ error: failures[error.code] || "unavailable" }),
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });
}
