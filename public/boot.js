// Starts the app. Trunk's own boot script is inline, which the page's Content-Security-Policy
// forbids, so the page loads this file instead. Paths are relative to this file, so the app
// works from any sub-path.
//
// Each side of the app is its own bundle: a service provider's page never downloads the
// sponsor's code. The side is the address's `?side=` if any, else the choice stored by the app
// (src/app/shell.rs reads them the same way), else the provider's side, which also shows the
// first "who are you" choice.
function chosenSide() {
  const named = new URLSearchParams(location.search).get("side");
  if (named === "provider" || named === "sponsor") {
    return named;
  }
  try {
    return localStorage.getItem("croqual:role");
  } catch {
    // Storage blocked: the app says so once started.
    return null;
  }
}

const sponsor = chosenSide() === "sponsor";
const bundle = sponsor ? "croqual-sponsor" : "croqual-app";

import(`./${bundle}.js`)
  .then(({ default: init }) => init({ module_or_path: new URL(`./${bundle}_bg.wasm`, import.meta.url) }))
  .catch((error) => {
    const notice = document.createElement("p");
    notice.id = "boot-failure";
    notice.setAttribute("role", "alert");
    notice.textContent =
      "croqual could not start (" + error + "). Either this browser cannot run WebAssembly (try a current Chrome, Edge, Firefox or Safari), or files of the app are missing on this site. ";
    // The other side is its own bundle and may still start.
    const other = document.createElement("a");
    const address = new URL(location.href);
    address.searchParams.set("side", sponsor ? "provider" : "sponsor");
    other.href = address.href;
    other.textContent = sponsor ? "Open the service provider's side" : "Open the sponsor's side";
    notice.append(other);
    document.body.append(notice);
  });
