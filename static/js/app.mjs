// Progressive enhancement only: every page works without this script.
// It runs only in browsers that support ES modules, which is what GOV.UK Frontend's
// components need, so both body classes are set here rather than in an inline script
// (the Content Security Policy does not allow inline scripts).
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
