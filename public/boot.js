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

const bundle = chosenSide() === "sponsor" ? "croqual-sponsor" : "croqual-app";

import(`./${bundle}.js`)
  .then(({ default: init }) => init({ module_or_path: new URL(`./${bundle}_bg.wasm`, import.meta.url) }))
  .catch((error) => {
    const notice = document.createElement("p");
    notice.id = "boot-failure";
    notice.setAttribute("role", "alert");
    notice.textContent =
      "croqual could not start in this browser (" + error + "). It needs WebAssembly; try a current Chrome, Edge, Firefox or Safari.";
    document.body.append(notice);
  });
