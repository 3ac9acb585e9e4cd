// Starts the app. Trunk's own boot script is inline, which the page's Content-Security-Policy
// forbids, so the page loads this file instead. Paths are relative to this file, so the app
// works from any sub-path.
import init from "./croqual-app.js";

init({ module_or_path: new URL("./croqual-app_bg.wasm", import.meta.url) }).catch((error) => {
  const notice = document.createElement("p");
  notice.id = "boot-failure";
  notice.setAttribute("role", "alert");
  notice.textContent =
    "croqual could not start in this browser (" + error + "). It needs WebAssembly; try a current Chrome, Edge, Firefox or Safari.";
  document.body.append(notice);
});
