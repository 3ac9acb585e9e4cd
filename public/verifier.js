// The worker that verifies signed submissions for the sponsor's page (src/app/verifier.rs).
// The page posts its compiled WebAssembly module once, then groups of files; each file comes
// back as the report the page resumes, or null when the page verifies that file itself.
import init, { check_submission } from "./croqual-sponsor.js";

let ready = null;

self.onmessage = async ({ data }) => {
  if (data.module) {
    ready = init({ module_or_path: data.module });
    return;
  }
  try {
    await ready;
    const results = data.files.map((file) => (file ? check_submission(file) ?? null : null));
    const transfer = results.filter((result) => result).map((result) => result.buffer);
    self.postMessage({ job: data.job, results }, transfer);
  } catch (error) {
    self.postMessage({ job: data.job, error: String(error) });
  }
};
