// Clicks through Foorumi in Debian's Chromium as a resident and as an administrator would,
// and runs axe-core (WCAG 2.1 A and AA rules) on every page type it reaches.
// Usage: node run.mjs BASE_URL   (env: FOORUMI_EMAIL, FOORUMI_PASSWORD, SCREENSHOT_DIR)
// Exits non-zero, listing every failure, if anything is wrong.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const base = process.argv[2];
const email = process.env.FOORUMI_EMAIL;
const password = process.env.FOORUMI_PASSWORD;
const shots = process.env.SCREENSHOT_DIR;
if (!base || !email || !password) {
  console.error("usage: FOORUMI_EMAIL=… FOORUMI_PASSWORD=… node run.mjs BASE_URL");
  process.exit(2);
}

const failures = [];
const checked = [];
const fail = (what) => failures.push(what);
const expect = (ok, what) => { if (!ok) fail(what); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
// axe is injected as an inline script, which the site's CSP rightly forbids; the page itself runs none.
const context = await browser.newContext({ locale: "fi-FI", viewport: { width: 1280, height: 900 }, bypassCSP: true });
const page = await context.newPage();
page.on("pageerror", (err) => fail(`script error on ${page.url()}: ${err.message}`));

/** Runs axe on the current page and records each violation. */
async function axe(name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  for (const v of result.violations) {
    fail(`axe ${name} (${page.url()}): ${v.id} – ${v.help} – ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }
  // Duplicate ids break labels and error links; axe no longer reports them under WCAG tags.
  const duplicates = await page.evaluate(() => {
    const seen = new Map();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  if (duplicates.length) fail(`duplicate ids on ${name} (${page.url()}): ${duplicates.join(", ")}`);
  checked.push(`${name}: ${result.passes.length} rules passed, ${result.violations.length} violations`);
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  }
}

async function visit(path, name, status = 200) {
  const response = await page.goto(base + path);
  expect(response.status() === status, `${path}: status ${response.status()}, expected ${status}`);
  await axe(name);
}

async function clickLink(name) {
  await Promise.all([page.waitForLoadState("domcontentloaded"), page.getByRole("link", { name, exact: false }).first().click()]);
}

// ---- a resident, not signed in -------------------------------------------------------
await visit("/", "front");
expect(new URL(page.url()).pathname.startsWith("/regions/"), "front page should lead to the only region");
expect((await page.getAttribute("html", "lang")) === "fi", "default language is Finnish");
const levels = await page.locator(".level h3").allTextContents();
for (const level of ["Strateginen taso", "Puheenjohtajafoorumi", "Taktinen taso", "Operatiivinen taso"]) {
  expect(levels.includes(level), `region page shows the level ${level} (has ${levels.join(", ")})`);
}
await axe("region");

// The municipal managers' meeting: members grouped by party, the cadence in words.
await clickLink("Kuntajohtajakokous");
expect(/\/forums\/\d+$/.test(page.url()), "forum link opens a forum page");
const forumText = await page.locator("main").innerText();
expect(forumText.includes("Kuukausittain"), "forum page shows the cadence in words");
expect(forumText.includes("Lahti"), "forum page lists Lahti's seats");
await axe("forum");

await clickLink("Lahti");
expect(/\/parties\/\d+$/.test(page.url()), "party link opens a party page");
expect((await page.locator("main").innerText()).includes("Kuntajohtajakokous"), "party page lists its seats in forums");
await axe("party");

const vcardLink = page.locator("a[href$='/vcard']").first();
const vcard = await (await page.request.get(base + (await vcardLink.getAttribute("href")))).text();
expect(vcard.startsWith("BEGIN:VCARD") && vcard.includes("VERSION:4.0"), "vCard download is a vCard 4.0");

await page.goto(base + "/regions/07/directory");
await axe("directory");
expect((await page.locator("main").innerText()).includes("Lahden kaupunginjohtaja"), "the directory lists post holders");

await visit("/privacy", "privacy");
await visit("/accessibility", "accessibility");
await visit("/forums/999999", "not-found", 404);

// Language switch keeps the page and changes the words.
await page.goto(base + "/regions/07");
await clickLink("Svenska");
expect((await page.getAttribute("html", "lang")) === "sv", "language switch to Swedish");
await axe("region-sv");
await page.goto(base + "/regions/07");
expect((await page.getAttribute("html", "lang")) === "sv", "language choice is remembered");
await clickLink("English");
expect((await page.getAttribute("html", "lang")) === "en", "language switch to English");
await clickLink("Suomi");

// ---- an administrator ---------------------------------------------------------------
await page.goto(base + "/login");
await axe("login");
await page.fill("#email", email);
await page.fill("#password", "wrong password here");
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator(".error-summary").count()) === 1, "a wrong password is answered with an error");
expect((await page.inputValue("#email")) === email, "the login form keeps the e-mail typed");
await axe("login-error");
await page.fill("#password", password);
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator(".user-name").count()) === 1, "signed in: the header shows the user");

await page.goto(base + "/me");
await axe("me");

// Edit a party with a bad municipality code: the error sits next to the field, the
// typed value stays.
await page.goto(base + "/regions/07");
await clickLink("Asikkala");
await clickLink("Muokkaa osapuolta");
await axe("edit-party");
await page.fill("#f-code", "16");
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator(".error-summary").count()) === 1, "invalid code shows the error summary");
expect((await page.inputValue("#f-code")) === "16", "the form keeps what the user typed");
expect((await page.locator("#f-code-note .error-text").innerText()).includes("kolme numeroa"), "the error is next to the field");
await axe("edit-party-errors");
await page.fill("#f-code", "016");
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect(/\/regions\/07$/.test(page.url()), "a valid party form saves and returns to the region");

// Create a working group with keyboard-reachable fields and find it on the region page.
await page.goto(base + "/regions/07/new/forum");
await axe("new-forum");
await page.fill("#f-name-fi", "Selaintestin työryhmä");
await page.selectOption("#f-parent_id", { label: "Kuntajohtajakokous" });
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator("main").innerText()).includes("Selaintestin työryhmä"), "the new working group is on the region page");

// A second chair for the chairs' forum at the same time is refused with the reason.
await page.goto(base + "/regions/07");
await clickLink("Puheenjohtajafoorumi");
await clickLink("Lisää jäsenpaikka");
await axe("new-seat");
await page.selectOption("#f-role", "chair");
await page.selectOption("#f-post_id", { index: 1 });
await page.selectOption("#f-party_id", { label: "Lahti" });
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator("#f-role-note .error-text").innerText()).includes("jo puheenjohtaja"), "two chairs at once are refused next to the role");
await axe("new-seat-errors");

// The audit log shows the changes just made, and the chain is intact.
await page.goto(base + "/regions/07/audit");
await axe("audit");
const auditText = await page.locator("main").innerText();
expect(auditText.includes("Loki on eheä"), "the audit chain verifies");
expect(auditText.includes("Selaintestin työryhmä") || auditText.includes("Foorumi"), "the audit log lists the new forum");

// The year plan: the municipal managers' meeting on the second Tuesday of each month.
await page.goto(base + "/regions/07/plan?year=2026");
await axe("plan");
const planText = await page.locator("table.plan-grid").innerText();
for (const day of ["13.1.", "10.2.", "10.3.", "14.4.", "12.5.", "9.6.", "11.8.", "8.9.", "13.10.", "10.11.", "8.12."]) {
  expect(planText.includes(day), `the 2026 plan has the municipal managers' meeting on ${day}`);
}
await page.locator("a.plan-meeting", { hasText: "10.3." }).first().click();
await page.waitForLoadState("domcontentloaded");
expect(/\/meetings\/\d+$/.test(page.url()), "a planned meeting opens its page");
expect((await page.locator("main").innerText()).includes("tiistai 10.3.2026"), "the meeting page names the weekday and date");
await axe("meeting");
// The secretary's keyboard-reachable attendance form: record one answer.
const firstAnswer = page.locator(".attendance-form").first();
await firstAnswer.locator("select").selectOption("accepted");
await Promise.all([page.waitForLoadState("domcontentloaded"), firstAnswer.locator("button").click()]);
expect((await page.locator(".attendance-form select").first().inputValue()) === "accepted", "an attendance answer is saved");
await clickLink("Muokkaa kokousta");
await axe("edit-meeting");
await page.selectOption("#f-status", "cancelled");
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator("#f-cancel_reason-note .error-text").count()) === 1, "cancelling needs a reason, said next to the field");
await page.fill("#f-cancel_reason", "Päällekkäinen seminaari");
await Promise.all([page.waitForLoadState("domcontentloaded"), page.click("form.form button[type=submit]")]);
expect((await page.locator("main").innerText()).includes("Peruttu"), "the cancelled meeting shows on the forum page");

// Council term roll-over form.
await page.goto(base + "/regions/07/roll-over");
await axe("roll-over");

// A forged form is refused.
const forged = await page.request.post(base + "/logout", { form: { csrf: "0".repeat(64) } });
expect(forged.status() === 403, `a forged CSRF token is refused (got ${forged.status()})`);

await page.goto(base + "/regions/07");
await Promise.all([page.waitForLoadState("domcontentloaded"), page.getByRole("button", { name: "Kirjaudu ulos" }).click()]);
expect((await page.locator(".user-name").count()) === 0, "signing out works");

await browser.close();
console.log(checked.join("\n"));
if (failures.length) {
  console.error(`\n${failures.length} browser check(s) failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log(`\nbrowser: ${checked.length} pages checked with axe, 0 violations`);
