"""Words: source fields cleaned, Markdown escaped, the languages. Imports only paths and errors."""
