// Cable's live-reload connection, shared by every open tab of the site
// (a SharedWorker started by live.js). Browsers allow about six HTTP/1.1
// connections per host and each EventSource holds one open, so a stream per
// tab would stall the seventh tab; one stream per browser does not.
// Relays the stream's events to every tab as {name, data}; a tab that
// connects gets the latest version ("hello") and the current build error.
"use strict";
const ports = new Set();
let version = null;
let error = null;

function send(port, name, data) {
  port.postMessage({ name, data });
}
function broadcast(name, data) {
  for (const port of ports) send(port, name, data);
}

const source = new EventSource("/__cable/events");
for (const name of ["hello", "reload", "css"]) {
  source.addEventListener(name, (event) => {
    const data = JSON.parse(event.data);
    version = data.version;
    error = null; // the server follows `hello` with the error, if any
    broadcast(name, data);
  });
}
source.addEventListener("build-error", (event) => {
  error = JSON.parse(event.data);
  broadcast("build-error", error);
});

onconnect = (event) => {
  const port = event.ports[0];
  ports.add(port);
  port.onmessage = (message) => {
    if (message.data === "bye") ports.delete(port);
  };
  port.start();
  if (version !== null) send(port, "hello", { version });
  if (error) send(port, "build-error", error);
};
