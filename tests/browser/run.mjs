// Clicks through Foorumi in Debian's Chromium as a resident, an administrator, a secretary and a member would,
// and runs axe-core (WCAG 2.1 A and AA rules) on every page type it reaches.
// The agenda parts use the demo's own accounts (sihteeri@, jasen@, yllapito@ with the demo
// password, or FOORUMI_DEMO_PASSWORD).
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

/** Runs axe on the current page (or `target`) and records each violation. */
async function axe(name, target = page) {
  const page = target;
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

async function visit(path, name, status = 200, p = page) {
  const response = await p.goto(base + path);
  expect(response.status() === status, `${path}: status ${response.status()}, expected ${status}`);
  await axe(name, p);
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

// ---- agendas, as the public ------------------------------------------------------------
// A second browser context without the signed-in user's cookies: everything the public
// may fetch is checked there, also while the first context is signed in.
const publicContext = await browser.newContext({ locale: "fi-FI", viewport: { width: 1280, height: 900 }, bypassCSP: true });
const pub = await publicContext.newPage();
pub.on("pageerror", (err) => fail(`script error on ${pub.url()}: ${err.message}`));
const year = new Date().getFullYear();
const apiJson = async (path) => {
  const response = await pub.request.get(base + path);
  expect(response.ok(), `${path}: status ${response.status()}`);
  return response.ok() ? response.json() : { items: [] };
};
const forumsByName = new Map((await apiJson("/api/v1/forums?region=07")).items.map((f) => [f.name.fi, f.id]));
const managersForum = forumsByName.get("Kuntajohtajakokous");
const phturvaForum = [...forumsByName].find(([name]) => name.includes("PHTURVA"))?.[1];
const interfaceForum = forumsByName.get("Yhdyspintaneuvottelukunta");
expect(managersForum && phturvaForum && interfaceForum, `the API lists the demo's forums (has ${[...forumsByName.keys()].join(", ")})`);
const yearMeetings = (await apiJson(`/api/v1/meetings?region=07&year=${year}`)).items;
const today = new Date().toLocaleDateString("sv-SE"); // the local date as YYYY-MM-DD, as the demo counts it
/** The forum's next meeting that is not cancelled, as the demo gives it its agenda. */
const nextMeeting = (forum) =>
  yearMeetings.find((m) => m.forum_ids[0] === forum && m.date >= today && m.status !== "cancelled");
const managersMeeting = nextMeeting(managersForum);
const phturvaMeeting = nextMeeting(phturvaForum);
const interfaceMeeting = nextMeeting(interfaceForum);
expect(managersMeeting?.status === "agenda_published", `the managers' next meeting has a published agenda (${JSON.stringify(managersMeeting)})`);
expect(phturvaMeeting?.status === "agenda_published", `PHTURVA's next meeting has a published agenda (${JSON.stringify(phturvaMeeting)})`);
expect(interfaceMeeting && interfaceMeeting.status !== "agenda_published", "the interface advisory board's agenda is still being prepared");
const published = (await apiJson(`/api/v1/meetings?region=07&year=${year}&status=agenda_published`)).items.map((m) => m.id);
expect(published.includes(managersMeeting?.id) && published.includes(phturvaMeeting?.id), "the API filter lists the published agendas");

// Words of PHTURVA's secret item that only those who prepare it may see.
const SECRET_WORDS = ["käsikirjoitus", "harjoitusskenaario", "sähkönjakelu"];
const leaks = (text, words = SECRET_WORDS) => words.filter((w) => text.toLowerCase().includes(w.toLowerCase()));

try {
  await visit("/regions/07/legal-bases", "legal-bases", 200, pub);
  expect((await pub.locator("main").innerText()).includes("JulkL 24 § 1 mom. 8 k."), "the secrecy grounds list the preparedness ground");
  await visit(`/forums/${managersForum}/standing-items`, "standing-items", 200, pub);
  const standingText = await pub.locator("main").innerText();
  expect(standingText.includes("Kokouksen avaus") && standingText.includes("Muut asiat"), "the standing items are listed");

  // The managers' meeting page links its published agenda.
  await visit(`/meetings/${managersMeeting.id}`, "meeting-published", 200, pub);
  const agendaLink = pub.getByRole("link", { name: "Esityslista", exact: true });
  expect((await agendaLink.count()) === 1, "the meeting page links the published agenda");
  expect((await pub.getByRole("link", { name: "Valmistele esityslistaa" }).count()) === 0, "the public gets no editor link");
  await Promise.all([pub.waitForURL(`**/meetings/${managersMeeting.id}/agenda`), agendaLink.click()]);
  await axe("agenda", pub);
  const managersText = await pub.locator("main").innerText();
  const numbers = await pub.locator(".agenda-item .item-number").allTextContents();
  // § numbers run on through the forum's year: this agenda continues after the held meetings' items.
  const first = parseInt(numbers[0], 10);
  expect(numbers.length >= 9 && first > 1 && numbers.every((n, i) => n.trim() === `${first + i} §`), `the agenda numbers its items on from the year's earlier meetings (has ${numbers.join(", ")})`);
  expect((await pub.locator(".agenda-item h2", { hasText: "Toimenpiteiden seuranta" }).count()) === 1, "the agenda follows up the forum's open actions");
  for (const title of ["Kokouksen avaus", "Hyvinvoinnin yhteinen tilannekuva 2026", "TE-palvelu-uudistus: työllisyysalueen yhteistyö kuntien kesken",
                       "Päijät-Hämeen maahanmuutto-ohjelman päivittäminen", "Yhteistyöpöytäkirjan vuosikatsaus", "Muut asiat"]) {
    expect(managersText.includes(title), `the managers' agenda shows the item ${title}`);
  }
  const pdfLink = pub.getByRole("link", { name: "Tilannekuvan luonnos 2026.pdf" });
  expect((await pdfLink.count()) === 1, "the managers' agenda links the PDF attachment");
  if (await pdfLink.count()) {
    const download = await pub.request.get(base + (await pdfLink.getAttribute("href")));
    expect(download.status() === 200, `the PDF attachment downloads (status ${download.status()})`);
    expect((download.headers()["content-type"] || "").startsWith("application/pdf"), `the PDF comes as application/pdf (${download.headers()["content-type"]})`);
    expect((await download.body()).subarray(0, 5).toString() === "%PDF-", "the PDF download is a PDF");
  }
  expect((await pub.getByRole("link", { name: "Työllisyysalueen seurantataulukko.csv" }).count()) === 1, "the managers' agenda links the CSV attachment");

  // PHTURVA: the secret item only as its number, public title and marking.
  await visit(`/meetings/${phturvaMeeting.id}/agenda`, "agenda-secret-item", 200, pub);
  const secretItem = pub.locator(".agenda-item", { hasText: "Alueellisen valmiusharjoituksen 2027 suunnittelu" });
  expect((await secretItem.count()) === 1, "PHTURVA's agenda lists the secret item by its public title");
  if (await secretItem.count()) {
    expect(/^\d+ §$/.test((await secretItem.locator(".item-number").innerText()).trim()), "the secret item has its § number");
    expect((await secretItem.locator(".secrecy-marking").innerText()).trim() === "Salassa pidettävä, JulkL 24 § 1 mom. 8 k.", "the secret item carries its marking");
    expect((await secretItem.locator("a, .markdown, dl").count()) === 0, "the secret item shows no body, people or attachments");
  }
  const phturvaHtml = await pub.content();
  expect(leaks(phturvaHtml).length === 0, `PHTURVA's public agenda page leaks ${leaks(phturvaHtml).join(", ")}`);
  expect(!phturvaHtml.includes("/attachments/"), "PHTURVA's public agenda links no attachments (its only one is secret)");
  const feed = await (await pub.request.get(base + "/regions/07/calendar.ics")).text();
  expect(feed.startsWith("BEGIN:VCALENDAR"), "the region's calendar feed is a calendar");
  expect(leaks(feed).length === 0, `the region's calendar feed leaks ${leaks(feed).join(", ")}`);
  const phturvaApi = await pub.request.get(`${base}/api/v1/meetings/${phturvaMeeting.id}/agenda`);
  const phturvaApiText = await phturvaApi.text();
  expect(phturvaApi.status() === 200, `the API gives PHTURVA's published agenda (status ${phturvaApi.status()})`);
  expect(phturvaApiText.includes("Alueellisen valmiusharjoituksen 2027 suunnittelu"), "the API agenda has the secret item's public title");
  expect(leaks(phturvaApiText).length === 0, `the API agenda leaks ${leaks(phturvaApiText).join(", ")}`);
  const publicItems = await apiJson(`/api/v1/agenda-items?meeting_id=${phturvaMeeting.id}`);
  expect(publicItems.items.length === 0, `the agenda-items API gives the public no items (gave ${publicItems.items.length})`);
  expect(leaks(JSON.stringify(publicItems)).length === 0, "the agenda-items API leaks nothing to the public");

  // The interface advisory board's agenda is still being prepared: not public, and not in the API.
  await visit(`/meetings/${interfaceMeeting.id}/agenda`, "agenda-not-published", 404, pub);
  expect((await pub.locator("main").innerText()).includes("Esityslistaa ei ole vielä julkaistu."), "an agenda being prepared is not shown");
  const preparedItems = await apiJson(`/api/v1/agenda-items?meeting_id=${interfaceMeeting.id}`);
  expect(preparedItems.items.length === 0, "the agenda-items API gives the public none of an agenda being prepared");
  expect(preparedItems.total === 0, `the agenda-items API does not tell the public how many items an unpublished agenda has (total ${preparedItems.total})`);

  // Swedish: the same agenda in Swedish, then back to Finnish.
  await visit(`/meetings/${managersMeeting.id}/agenda?lang=sv`, "agenda-sv", 200, pub);
  expect((await pub.getAttribute("html", "lang")) === "sv", "?lang=sv gives the agenda in Swedish");
  expect((await pub.locator("h1").innerText()).includes("Föredragningslista"), "the Swedish agenda is headed Föredragningslista");
  await pub.goto(`${base}/meetings/${managersMeeting.id}/agenda?lang=fi`);
} catch (err) {
  fail(`the public agenda checks stopped: ${err.message.split("\n")[0]}`);
}

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

// ---- agendas, as the secretary, by keyboard -------------------------------------------
const DEMO_PASSWORD = process.env.FOORUMI_DEMO_PASSWORD || "foorumi-demo-2025";

/** Waits for the page load that `action` starts. */
async function navigating(action) {
  await Promise.all([page.waitForNavigation({ waitUntil: "domcontentloaded", timeout: 15000 }), action()]);
}

async function signIn(who) {
  await page.goto(base + "/regions/07");
  if (await page.locator(".user-name").count()) await signOut();
  await page.goto(base + "/login");
  await page.fill("#email", who);
  await page.fill("#password", DEMO_PASSWORD);
  await navigating(() => page.click("form.form button[type=submit]"));
  expect((await page.locator(".user-name").count()) === 1, `signed in as ${who}`);
}

async function signOut() {
  await page.goto(base + "/regions/07");
  await navigating(() => page.getByRole("button", { name: "Kirjaudu ulos" }).click());
  expect((await page.locator(".user-name").count()) === 0, "signed out");
}

/** What has the keyboard focus: its text, the visually hidden part included. */
const focused = () => page.evaluate(() => (document.activeElement?.textContent || "").replace(/\s+/g, " ").trim());

/** Presses Tab until the focused element's text starts with `text`; false if it never does. */
async function tabTo(text, limit = 400) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if ((await focused()).startsWith(text)) return true;
  }
  return false;
}

/** The editor's item titles in order. */
const editorTitles = async () =>
  (await page.locator("ol.agenda.editor > li h3").allInnerTexts()).map((t) => t.replace(/^\d+ §\s*/, "").trim());

/** Waits until autofocus has put the focus on a button (Chromium focuses it after load). */
const autofocused = () => page.waitForFunction(() => document.activeElement?.tagName === "BUTTON", null, { timeout: 5000 })
  .then(() => true, () => false);

try {
  // The secret attachment of PHTURVA's item: those who prepare PHTURVA's agenda (here the
  // region administrator) can have it; a signed-in outsider is refused, the public gets 404.
  await signIn("yllapito@example.org");
  await page.goto(`${base}/meetings/${phturvaMeeting.id}/agenda/edit`);
  await axe("agenda-edit-secret");
  expect((await page.content()).includes("käsikirjoitus ja harjoitusskenaario"), "the editor shows the secret item's real title to those who prepare it");
  const secretAttachment = page.getByRole("link", { name: "Harjoitusskenaario 2027.pdf", exact: true });
  expect((await secretAttachment.count()) === 1, "PHTURVA's editor lists the secret attachment");
  const secretHref = (await secretAttachment.count()) ? await secretAttachment.getAttribute("href") : "/attachments/3/x.pdf";
  const secretDownload = await page.request.get(base + secretHref);
  expect(secretDownload.status() === 200, `the region administrator can download the secret attachment (got ${secretDownload.status()})`);
  expect(secretDownload.headers()["cache-control"] === "private, no-store", "a secret attachment is not cached");
  const publicSecret = await pub.request.get(base + secretHref);
  expect(publicSecret.status() === 404, `the secret attachment is 404 for the public (got ${publicSecret.status()})`);
  const publicSecretApi = await pub.request.get(`${base}/api/v1/attachments/${secretHref.split("/")[2]}/content`);
  expect(publicSecretApi.status() === 404, `the secret attachment's API content is 404 for the public (got ${publicSecretApi.status()})`);

  await signIn("sihteeri@example.org");
  const outsider = await page.request.get(base + secretHref);
  expect(outsider.status() === 403, `the secret attachment is refused to the managers' secretary, not in PHTURVA (got ${outsider.status()})`);

  // The managers' meeting page offers the editor to its secretary. (In the interface
  // advisory board and PHTURVA the demo secretary's seat is not the secretary's.)
  const editedMeeting = managersMeeting;
  await page.goto(`${base}/meetings/${editedMeeting.id}`);
  await navigating(() => page.getByRole("link", { name: "Valmistele esityslistaa" }).click());
  expect(new URL(page.url()).pathname === `/meetings/${editedMeeting.id}/agenda/edit`, "the meeting page leads to the agenda editor");
  await axe("agenda-edit");

  // Move an item down by keyboard: Tab to its button, Enter; the focus comes back to it
  // (`autofocus`), so Enter moves it again. The § numbers stay as published until the
  // agenda is published again, so only the title is matched.
  const mover = "Edellisen kokouksen muistio";
  const isButton = (label) => async () => {
    const text = await focused();
    return text.startsWith(label) && text.endsWith(`§ ${mover}`);
  };
  /** Checks that the focus is on the mover's `label` button; puts it there if not, to go on. */
  async function focusIsOn(label, what) {
    const ok = (await autofocused()) && (await isButton(label)());
    expect(ok, `${what}: the focus is on ${mover}'s "${label}" (on "${(await focused()).slice(0, 80)}" – URL ${page.url()})`);
    if (!ok) await page.locator(`ol.agenda.editor > li`, { hasText: mover }).getByRole("button", { name: label }).focus();
  }
  const before = await editorTitles();
  expect(before.indexOf(mover) >= 0 && before.indexOf(mover) + 3 < before.length, `the editor has ${mover} with room below (${before.join(" | ")})`);
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await isButton("Siirrä alas")();
  }
  expect(reached, `Tab reaches ${mover}'s "Siirrä alas" button`);
  await navigating(() => page.keyboard.press("Enter"));
  let after = await editorTitles();
  expect(after.indexOf(mover) === before.indexOf(mover) + 1, `Enter on "Siirrä alas" moves ${mover} one down (${after.join(" | ")})`);
  await focusIsOn("Siirrä alas", "after moving down");
  await axe("agenda-edit-moved");
  await navigating(() => page.keyboard.press("Enter"));
  const twice = await editorTitles();
  expect(twice.indexOf(mover) === before.indexOf(mover) + 2, `a second Enter moves ${mover} further down (${twice.join(" | ")})`);
  await focusIsOn("Siirrä alas", "after the second move down");
  // Shift+Tab to the same item's "Siirrä ylös", Enter: back one place, focus on "Siirrä ylös".
  await page.keyboard.press("Shift+Tab");
  expect(await isButton("Siirrä ylös")(), `Shift+Tab reaches ${mover}'s "Siirrä ylös" (on "${(await focused()).slice(0, 80)}")`);
  await navigating(() => page.keyboard.press("Enter"));
  after = await editorTitles();
  expect(after.indexOf(mover) === before.indexOf(mover) + 1, `"Siirrä ylös" moves ${mover} back up (${after.join(" | ")})`);
  await focusIsOn("Siirrä ylös", "after moving up");

  // Add a secret item by keyboard: first without a secrecy ground, which is refused.
  const SECRET_TITLE = "Pumppaamoiden varavoimakartoitus 2027";
  const SECRET_PUBLIC_TITLE = "Kuntien vesihuollon varautumisen arviointi";
  const SECRET_BACKGROUND = "Luettelo kriittisistä pumppaamoista ja niiden varavoimasta.";
  const NEW_SECRET_WORDS = ["pumppaamo", "varavoima"];
  /** The item form must carry the meeting it adds to. If it does not, that is reported and
   *  the field the form lacks is added, so that the rest of the flow is still checked. */
  async function formCarries(name, value, what) {
    const has = (await page.locator(`form.form [name=${name}]`).count()) > 0;
    expect(has, `${what} carries ${name} (${page.url()}): without it saving fails with "Tieto on pakollinen." linked to #main`);
    if (!has) {
      await page.evaluate(([name, value]) => {
        const input = Object.assign(document.createElement("input"), { type: "hidden", name, value });
        document.querySelector("form.form").append(input);
      }, [name, String(value)]);
    }
  }
  expect(await tabTo("Lisää asia"), 'Tab reaches "Lisää asia"');
  await navigating(() => page.keyboard.press("Enter"));
  expect(new URL(page.url()).pathname === "/regions/07/new/agenda-item", `"Lisää asia" opens the item form (${page.url()})`);
  await axe("new-agenda-item");
  await page.locator("#f-title").focus();
  await page.keyboard.type(SECRET_TITLE);
  await page.keyboard.press("Tab");
  expect((await page.evaluate(() => document.activeElement?.id)) === "f-publicity", "Tab goes from the title to the publicity");
  await page.keyboard.type("Salassa");
  expect((await page.inputValue("#f-publicity")) === "secret", `typing chooses "Salassa pidettävä" (has ${await page.inputValue("#f-publicity")})`);
  await page.locator("#f-background").focus();
  await page.keyboard.type(SECRET_BACKGROUND);
  await formCarries("meeting_id", editedMeeting.id, "the new agenda item form");
  await page.getByRole("button", { name: "Tallenna" }).focus();
  await navigating(() => page.keyboard.press("Enter"));
  const itemSummary = page.locator(".error-summary");
  expect((await itemSummary.count()) === 1, "a secret item without a secrecy ground shows the error summary");
  const itemSummaryText = (await itemSummary.count()) ? await itemSummary.innerText() : "";
  expect(itemSummaryText.toLowerCase().includes("salassapitoperuste"), `the error summary names the secrecy ground (${itemSummaryText})`);
  expect((await page.locator("#f-legal_basis_id-note .error-text").count()) === 1, "the secrecy ground's error is next to its field");
  expect((await page.inputValue("#f-title")) === SECRET_TITLE, "the refused form keeps the typed title");
  expect((await page.inputValue("#f-publicity")) === "secret", "the refused form keeps the publicity");
  await axe("new-agenda-item-errors");
  // Then a descriptive public title and the ground, chosen with the arrow keys.
  await page.locator("#f-public_title").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(SECRET_PUBLIC_TITLE);
  await page.locator("#f-legal_basis_id").focus();
  for (let i = 0; i < 10 && !(await page.locator("#f-legal_basis_id option:checked").innerText()).startsWith("JulkL 24 § 1 mom. 8 k."); i++) {
    await page.keyboard.press("ArrowDown");
  }
  expect((await page.locator("#f-legal_basis_id option:checked").innerText()).startsWith("JulkL 24 § 1 mom. 8 k."), "the arrow keys choose the secrecy ground");
  await formCarries("meeting_id", editedMeeting.id, "the refused agenda item form");
  await page.getByRole("button", { name: "Tallenna" }).focus();
  await navigating(() => page.keyboard.press("Enter"));
  expect(new URL(page.url()).pathname === `/meetings/${editedMeeting.id}/agenda/edit`, `the saved item returns to the editor (${page.url()})`);
  const withNew = await editorTitles();
  expect(withNew.includes(SECRET_TITLE), `the editor lists the new item (${withNew.join(" | ")})`);
  expect(withNew.indexOf(SECRET_TITLE) >= 0 && withNew.indexOf(SECRET_TITLE) + 1 === withNew.indexOf("Muut asiat"), `the new item is just before "Muut asiat" (${withNew.join(" | ")})`);
  const newItem = page.locator("ol.agenda.editor > li", { hasText: SECRET_TITLE });
  expect((await newItem.locator(".secrecy-marking").innerText()).includes("JulkL 24 § 1 mom. 8 k."), "the editor shows the new item's marking");
  expect((await newItem.innerText()).includes(`Julkinen otsikko: ${SECRET_PUBLIC_TITLE}`), "the editor shows the new item's public title");
  // Editing the item and saving it unchanged keeps it where it is.
  await navigating(() => newItem.getByRole("link", { name: /^Muokkaa/ }).click());
  await axe("edit-agenda-item");
  expect((await page.inputValue("#f-title")) === SECRET_TITLE, "the item's edit form has its title");
  await page.getByRole("button", { name: "Tallenna" }).focus();
  await navigating(() => page.keyboard.press("Enter"));
  const editErrors = (await page.locator(".error-summary").count()) ? await page.locator(".error-summary").innerText() : "";
  expect(new URL(page.url()).pathname === `/meetings/${editedMeeting.id}/agenda/edit`,
    `saving an agenda item unchanged returns to the editor (${page.url()}${editErrors ? `: ${editErrors.replace(/\n/g, " ")}` : ""})`);
  if (new URL(page.url()).pathname !== `/meetings/${editedMeeting.id}/agenda/edit`) await page.goto(`${base}/meetings/${editedMeeting.id}/agenda/edit`);
  const afterEdit = await editorTitles();
  expect(afterEdit.indexOf(SECRET_TITLE) === withNew.indexOf(SECRET_TITLE), `an edited item keeps its place (${afterEdit.join(" | ")})`);

  // Attachments: a small PDF is stored; a PNG named .pdf is refused with the reason.
  const publicItem = page.locator("ol.agenda.editor > li", { hasText: "Hyvinvoinnin yhteinen tilannekuva 2026" });
  const publicItemId = (await publicItem.getAttribute("id")).replace("item-", "");
  async function upload(name, mimeType, buffer) {
    const item = page.locator(`#item-${publicItemId}`);
    await item.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await item.locator("details").evaluate((d) => d.open), "Enter on the summary opens the upload form");
    await item.locator(`#file-${publicItemId}`).setInputFiles({ name, mimeType, buffer });
    await item.locator(`#publicity-${publicItemId}`).focus();
    await page.keyboard.type("Julkinen");
    expect((await page.inputValue(`#publicity-${publicItemId}`)) === "public", "typing chooses a public attachment");
    await item.getByRole("button", { name: "Tallenna liite" }).focus();
    await navigating(() => page.keyboard.press("Enter"));
  }
  const pdfBytes = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  await upload("selaintestin-liite.pdf", "application/pdf", pdfBytes);
  expect((await page.locator("p.notice[role=status]").innerText()).includes("Liite tallennettiin."), "the upload is confirmed");
  expect((await page.locator(`#item-${publicItemId} .attachments`).innerText()).includes("selaintestin-liite.pdf"), "the uploaded PDF is listed under its item");
  await axe("agenda-edit-uploaded");
  // Editing the attachment's details and saving them unchanged returns to the editor.
  await navigating(() => page.getByRole("link", { name: "Muokkaa selaintestin-liite.pdf", exact: true }).click());
  await axe("edit-attachment");
  await page.getByRole("button", { name: "Tallenna" }).focus();
  await navigating(() => page.keyboard.press("Enter"));
  const attachmentErrors = (await page.locator(".error-summary").count()) ? await page.locator(".error-summary").innerText() : "";
  expect(new URL(page.url()).pathname === `/meetings/${editedMeeting.id}/agenda/edit`,
    `saving an attachment unchanged returns to the editor (${page.url()}${attachmentErrors ? `: ${attachmentErrors.replace(/\n/g, " ")}` : ""})`);
  await page.goto(`${base}/meetings/${editedMeeting.id}/agenda/edit`);
  const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from("0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001", "hex")]);
  await upload("x.pdf", "application/pdf", pngBytes);
  const uploadErrors = page.locator(".error-summary");
  const uploadErrorText = (await uploadErrors.count()) ? await uploadErrors.innerText() : "";
  expect(uploadErrorText.includes(".pdf") && uploadErrorText.includes(".png"), `a PNG named x.pdf is refused naming both types (${uploadErrorText})`);
  expect(!uploadErrorText.includes("Esityslistaa ei julkaistu"),
    `a refused upload is not headed "Esityslistaa ei julkaistu" (the agenda was not being published): ${uploadErrorText.split("\n")[0]}`);
  expect(!(await page.locator(".attachments").allInnerTexts()).join(" ").includes("x.pdf"), "the refused file is not stored");
  await axe("agenda-edit-upload-error");

  // Publish, and the public agenda shows the new secret item only as title and marking.
  await page.goto(`${base}/meetings/${editedMeeting.id}/agenda/edit`);
  // The agenda was published before: the button publishes the corrected agenda.
  await page.getByRole("button", { name: /^Julkaise (korjattu )?esityslista$/ }).focus();
  await navigating(() => page.keyboard.press("Enter"));
  expect((await page.locator("p.notice[role=status]").innerText()).includes("Esityslista on julkaistu."), "publishing is confirmed");
  await visit(`/meetings/${editedMeeting.id}/agenda`, "agenda-republished", 200, pub);
  const republishedNumbers = (await pub.locator(".agenda-item .item-number").allTextContents()).map((n) => n.trim());
  expect(new Set(republishedNumbers).size === republishedNumbers.length,
    `the republished agenda gives each item its own § number (has ${republishedNumbers.join(", ")})`);
  const newPublic = pub.locator(".agenda-item", { hasText: SECRET_PUBLIC_TITLE });
  expect((await newPublic.count()) === 1, "the public agenda lists the new secret item by its public title");
  if (await newPublic.count()) {
    expect((await newPublic.locator(".secrecy-marking").innerText()).trim() === "Salassa pidettävä, JulkL 24 § 1 mom. 8 k.", "the new secret item carries its marking");
  }
  const interfaceHtml = await pub.content();
  expect(leaks(interfaceHtml, NEW_SECRET_WORDS).length === 0, `the public agenda leaks the new secret item: ${leaks(interfaceHtml, NEW_SECRET_WORDS).join(", ")}`);
  const uploaded = pub.getByRole("link", { name: "selaintestin-liite.pdf" });
  expect((await uploaded.count()) === 1, "the public agenda links the uploaded public PDF");
  if (await uploaded.count()) {
    const response = await pub.request.get(base + (await uploaded.getAttribute("href")));
    expect(response.status() === 200 && response.headers()["content-type"].startsWith("application/pdf"), "the uploaded PDF downloads as a PDF");
  }
  const interfaceApi = await (await pub.request.get(`${base}/api/v1/meetings/${editedMeeting.id}/agenda`)).text();
  expect(leaks(interfaceApi, NEW_SECRET_WORDS).length === 0, "the API agenda does not leak the new secret item");
  const feedNow = await (await pub.request.get(base + "/regions/07/calendar.ics")).text();
  expect(leaks(feedNow, [...SECRET_WORDS, ...NEW_SECRET_WORDS]).length === 0, "the calendar feed leaks no secret item");
  expect((await apiJson(`/api/v1/agenda-items?meeting_id=${editedMeeting.id}`)).items.length === 0, "the agenda-items API gives the public no items");
  await signOut();
} catch (err) {
  fail(`the agenda editor checks stopped: ${err.message.split("\n")[0]}`);
}

// ---- proposals: a member proposes, the secretary answers --------------------------------
try {
  const PROPOSAL = "Selaintestin ehdotus: kuntien yhteinen ilmastoraportointi";
  await signIn("jasen@example.org");
  await page.goto(`${base}/forums/${managersForum}/proposals`);
  await axe("proposals-member");
  await navigating(() => page.getByRole("link", { name: "Ehdota asiaa" }).click());
  expect(new URL(page.url()).pathname === "/regions/07/new/proposal", `"Ehdota asiaa" opens the proposal form (${page.url()})`);
  await axe("new-proposal");
  await page.fill("#f-title", PROPOSAL);
  await page.fill("#f-description", "Hollola ehdottaa, että kunnat raportoivat **ilmastotoimistaan** yhteisellä pohjalla.");
  await navigating(() => page.click("form.form button[type=submit]"));
  expect(new URL(page.url()).pathname === `/forums/${managersForum}/proposals`, `a saved proposal returns to the queue (${page.url()})`);
  const pendingMine = page.locator("section.proposal", { hasText: PROPOSAL });
  expect((await pendingMine.count()) === 1, "the new proposal waits in the queue");
  expect((await page.locator("#pending ~ section.proposal", { hasText: PROPOSAL }).count()) === 1, "the new proposal is under Odottavat");
  expect((await page.locator("section.proposal form").count()) === 0, "a member gets no accept or decline forms");
  await signOut();

  await signIn("sihteeri@example.org");
  await page.goto(`${base}/forums/${managersForum}/proposals`);
  await axe("proposals-secretary");
  const toAccept = page.locator("section.proposal", { hasText: PROPOSAL });
  expect((await toAccept.count()) === 1, "the secretary sees the member's proposal");
  await toAccept.locator("select").selectOption(String(managersMeeting.id));
  await navigating(() => toAccept.getByRole("button", { name: /^Ota esityslistalle/ }).click());
  expect(new URL(page.url()).pathname === `/meetings/${managersMeeting.id}/agenda/edit`, `accepting leads to the meeting's editor (${page.url()})`);
  expect((await page.locator("p.notice[role=status]").innerText()).includes("Asiaehdotus otettiin esityslistalle."), "accepting is confirmed");
  const accepted = page.locator("ol.agenda.editor > li", { hasText: PROPOSAL });
  expect((await accepted.count()) === 1, "the accepted proposal is an item on the agenda");
  expect((await accepted.locator(".badge", { hasText: "Asiaehdotuksesta" }).count()) === 1, "the item is marked as coming from a proposal");
  await axe("agenda-edit-accepted");

  const DECLINE = "Seudullinen joukkoliikenteen lippuyhteistyö";
  await page.goto(`${base}/forums/${managersForum}/proposals`);
  const toDecline = page.locator("section.proposal", { hasText: DECLINE });
  await navigating(() => toDecline.getByRole("button", { name: /^Älä ota esityslistalle/ }).click());
  const declineErrors = page.locator(".error-summary");
  expect((await declineErrors.count()) === 1 && (await declineErrors.innerText()).includes("Kerro ehdottajalle"), "declining without a reason is refused with the reason why");
  await axe("proposals-errors");
  const reason = "Lippuyhteistyö käsitellään joukkoliikenneviranomaisen kanssa keväällä.";
  await page.locator("section.proposal", { hasText: DECLINE }).locator("textarea").fill(reason);
  await navigating(() => page.locator("section.proposal", { hasText: DECLINE }).getByRole("button", { name: /^Älä ota esityslistalle/ }).click());
  expect(new URL(page.url()).pathname === `/forums/${managersForum}/proposals`, "declining returns to the queue");
  expect((await page.locator("section.proposal", { hasText: DECLINE }).count()) === 0, "the declined proposal no longer waits");
  const answeredRow = page.locator("#answered + table tr", { hasText: DECLINE });
  expect((await answeredRow.count()) === 1, "the declined proposal is under Käsitellyt");
  expect((await answeredRow.count()) === 1 && (await answeredRow.innerText()).includes(reason), "Käsitellyt shows the reason given");
  expect((await page.locator("#answered + table tr", { hasText: PROPOSAL }).count()) === 1, "the accepted proposal is under Käsitellyt too");
  await axe("proposals-answered");
  await signOut();
} catch (err) {
  fail(`the proposal checks stopped: ${err.message.split("\n")[0]}`);
}

// ---- minutes: the memo being written, live updates for followers, attendance ----------
try {
  await signIn("sihteeri@example.org");
  const recordsResponse = await page.request.get(`${base}/api/v1/minutes?region=07&limit=100`);
  expect(recordsResponse.ok(), `the secretary lists the records (${recordsResponse.status()})`);
  const records = recordsResponse.ok() ? (await recordsResponse.json()).items : [];
  // The managers' latest memo waits for the next meeting's approval: still a draft.
  const draft = records.find((m) => m.forum_id === managersForum && m.status === "draft");
  expect(draft, `the demo has a draft memo of the managers' meeting (has ${records.map((m) => `${m.forum_id}:${m.status}`).join(", ")})`);
  await page.goto(`${base}/meetings/${draft.meeting_id}/minutes`);
  await axe("minutes-secretary");
  expect((await page.locator("ol.agenda.minutes > li").count()) >= 5, "the memo lists the meeting's items with the standing ones");
  expect((await page.locator("#attendance + table tbody tr").count()) > 5, "the memo shows each member seat's attendance");

  // A member follows the meeting page in a browser of their own.
  const memberContext = await browser.newContext({ locale: "fi-FI", viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const follower = await memberContext.newPage();
  follower.on("pageerror", (err) => fail(`script error on ${follower.url()}: ${err.message}`));
  await follower.goto(base + "/login");
  await follower.fill("#email", "jasen@example.org");
  await follower.fill("#password", DEMO_PASSWORD);
  await Promise.all([follower.waitForNavigation({ waitUntil: "domcontentloaded" }), follower.click("form.form button[type=submit]")]);
  await follower.goto(`${base}/meetings/${draft.meeting_id}/minutes`);
  await axe("minutes-member", follower);
  expect((await follower.locator("details.record-form").count()) === 0, "a member gets no forms to write the record");
  // Let the follower's event stream connect before the secretary saves.
  await follower.waitForTimeout(500);

  const LIVE = "Selaintestin kirjaus <b>ei lihavoitu</b>";
  const firstItem = page.locator("ol.agenda.minutes > li").nth(3);
  const itemId = (await firstItem.getAttribute("id")).replace("item-", "");
  await firstItem.locator("summary", { hasText: "Kirjaa käsittely" }).click();
  await firstItem.locator("textarea[name=discussion]").fill(LIVE);
  await navigating(() => firstItem.getByRole("button", { name: /^Tallenna/ }).click());
  expect((await page.locator("p.notice[role=status]").innerText()).includes("Kirjaus tallennettiin."), "saving the record is confirmed");
  const arrived = await follower
    .waitForFunction((id) => document.getElementById("record-" + id)?.textContent.includes("Selaintestin kirjaus"), itemId, { timeout: 10000 })
    .then(() => true, () => false);
  expect(arrived, "the follower sees the saved record without reloading");
  expect((await follower.locator(`#record-${itemId} b`).count()) === 0, "what the secretary wrote arrives as text, not markup");
  expect((await follower.locator("#live-status").innerText()).includes("päivitettiin"), "the change is announced to screen readers");
  await memberContext.close();

  // Attendance: a remote member without a verified identity is refused with the reason.
  await page.goto(`${base}/meetings/${draft.meeting_id}/minutes/attendance`);
  await axe("minutes-attendance");
  const firstRow = page.locator("fieldset.attendance-row").first();
  await firstRow.locator("select[name$='.presence']").selectOption("remote");
  await firstRow.locator("select[name$='.verification']").selectOption("");
  await navigating(() => page.getByRole("button", { name: "Tallenna" }).click());
  const attendanceErrors = page.locator(".error-summary");
  expect((await attendanceErrors.count()) === 1 && (await attendanceErrors.innerText()).includes("henkilöllisyys"), "remote attendance without verification is refused with the reason");
  await axe("minutes-attendance-errors");

  // Follow-up: the memo of a checked meeting shows its versions; the parties' actions.
  const checked = records.find((m) => ["checked", "published"].includes(m.status) && m.approval === "checkers");
  expect(checked, "the demo has a record checked by its checkers");
  if (checked) {
    await page.goto(`${base}/meetings/${checked.meeting_id}/minutes`);
    expect((await page.locator("ol.versions li").count()) === 1, "a checked record lists its checked version");
    await axe("minutes-checked");
  }
  await signOut();

  await signIn("lahti@example.org");
  const lahti = (await apiJson("/api/v1/parties?region=07&limit=100")).items.find((p) => p.code === "398");
  await page.goto(`${base}/parties/${lahti.id}/actions`);
  await axe("party-actions");
  expect((await page.locator("table.table tbody tr").count()) >= 1, "Lahti sees its actions across the forums");
  await signOut();

  // The public: the parties' decisions on the forums' recommendations, and the agenda as PDF.
  await visit("/regions/07/ratifications", "ratifications", 200, pub);
  const tracker = pub.locator("section.ratification", { hasText: "Yhteistyöpöytäkirjan päivitys" });
  expect((await tracker.count()) === 1, "the tracker follows the cooperation protocol's revision");
  expect((await tracker.locator("tr", { hasText: "Orimattila" }).innerText()).includes("Hyväksytty"), "Orimattila's approval is shown");
  const trackerHtml = await pub.content();
  expect(!trackerHtml.includes("haavoittuvuusarvio"), "the tracker shows nothing of PHTURVA's secret item");
  const pdf = await pub.request.get(`${base}/meetings/${managersMeeting.id}/agenda.pdf`);
  const pdfBody = await pdf.body();
  expect(pdf.status() === 200 && pdf.headers()["content-type"] === "application/pdf" && pdfBody.subarray(0, 5).toString() === "%PDF-", "the published agenda downloads as a PDF");
  // The published PHTURVA memo: its secret item is a number, title and marking only, and
  // search engines are kept out while its personal data remain (R1.2, R1.13).
  let phturvaPublished = null;
  for (const m of yearMeetings.filter((m) => m.forum_ids[0] === phturvaForum && m.status === "held")) {
    if ((await pub.request.get(`${base}/api/v1/meetings/${m.id}/published-record`)).ok()) phturvaPublished = { meeting_id: m.id };
  }
  expect(phturvaPublished, "the demo has a published PHTURVA memo");
  if (phturvaPublished) {
    await visit(`/meetings/${phturvaPublished.meeting_id}/record`, "record-public", 200, pub);
    const recordHtml = await pub.content();
    expect(recordHtml.includes("Alueen kriittisen infrastruktuurin varautumisen arviointi") && recordHtml.includes("JulkL 24 § 1 mom. 7 k."), "the secret item shows its public title and marking");
    expect(!recordHtml.includes("haavoittuvuusarvio") && !recordHtml.includes("sähkönjakelun kohteiden"), "the public record shows nothing else of the secret item");
    expect((await pub.locator('meta[name="robots"][content*="noindex"]').count()) === 1, "a record with personal data is noindex");
    const recordPdf = await pub.request.get(`${base}/meetings/${phturvaPublished.meeting_id}/record.pdf`);
    expect(recordPdf.status() === 200 && recordPdf.headers()["x-robots-tag"] === "noindex", "the record's PDF is noindex while it holds personal data");
    expect(!(await recordPdf.body()).toString("latin1").includes("haavoittuvuusarvio"), "the record's PDF holds nothing of the secret item");
  }
  const unauthorised = await pub.request.get(`${base}/meetings/${draft.meeting_id}/minutes`, { maxRedirects: 0 });
  expect(unauthorised.status() === 303 || unauthorised.status() === 302 || unauthorised.status() === 307, `the public is sent to sign in for a record being written (${unauthorised.status()})`);
} catch (err) {
  fail(`the minutes checks stopped: ${err.message.split("\n")[0]}`);
}

// ---- issue 5, cooperation: the division of responsibilities, a disagreement, the protocol ----
try {
  await visit("/regions/07/responsibilities", "responsibilities", 200, pub);
  expect((await pub.locator("table.matrix caption").count()) === 1, "the matrix has its caption");
  expect((await pub.locator("table.matrix thead th[scope=col]").count()) >= 4, "the matrix has a column per party");
  expect((await pub.locator("table.matrix tbody th[scope=row]").count()) === 5, "the matrix has the seeds' five topics");
  await pub.locator("table.matrix tbody th a", { hasText: "Varautuminen" }).click();
  await pub.waitForLoadState("domcontentloaded");
  await axe("responsibility-topic", pub);
  expect((await pub.content()).includes("Valmiuslaki 1552/2011 12 §"), "the topic shows its legal basis");
  // The same page on a narrow screen: the table scrolls inside its own region.
  await pub.setViewportSize({ width: 360, height: 740 });
  await visit("/regions/07/responsibilities", "responsibilities-narrow", 200, pub);
  await pub.setViewportSize({ width: 1280, height: 900 });

  await visit("/regions/07/protocol", "protocol", 200, pub);
  expect((await pub.locator("section", { hasText: "Osapuolten hyväksynnät" }).locator("tr", { hasText: "Orimattila" }).count()) === 1, "the protocol shows Orimattila's approval");
  await visit("/regions/07/protocol/2025", "protocol-version", 200, pub);
  expect((await pub.locator(".diff ins").count()) >= 1, "the version shows what changed from 2023");
  const hidden = await pub.request.get(`${base}/regions/07/conflicts`, { maxRedirects: 0 });
  expect(hidden.status() === 303, `the public is sent to sign in for the disagreements (${hidden.status()})`);

  await signIn("sihteeri@example.org");
  await page.goto(`${base}/regions/07/conflicts`);
  await axe("conflicts");
  await page.locator("table tbody th a", { hasText: "Valmiusharjoituksen 2027 kustannusten jako" }).click();
  await page.waitForLoadState("domcontentloaded");
  await axe("conflict-open");
  expect((await page.locator("ol.timeline li").count()) === 2, "the open disagreement was registered and escalated");
  await page.getByRole("link", { name: "Vie tasoa ylemmäs" }).click();
  await page.waitForLoadState("domcontentloaded");
  await axe("conflict-escalate");
  await page.goto(`${base}/regions/07/conflicts?status=resolved`);
  await page.locator("table tbody th a").first().click();
  await page.waitForLoadState("domcontentloaded");
  await axe("conflict-resolved");
  await page.goto(`${base}/regions/07/new/conflict`);
  await axe("new-conflict");
  await signOut();
} catch (err) {
  fail(`the cooperation checks stopped: ${err.message.split("\n")[0]}`);
}

// ---- issue 5, council-term goals: the goals page, a goal, the follow-up report ----------
try {
  await visit("/regions/07/goals", "goals", 200, pub);
  expect((await pub.locator("section.term-line").count()) === 5, "the goals page shows the term's five policy lines");
  expect((await pub.locator("progress").count()) >= 5, "every goal with measures has its progress bar");
  expect((await pub.content()).includes("ei tietoa"), "an indicator without values says ei tietoa");
  await pub.locator("article.goal h3 a").first().click();
  await pub.waitForLoadState("domcontentloaded");
  await axe("goal", pub);
  await visit("/regions/07/goals/followup/2025", "followup", 200, pub);
  expect((await pub.content()).includes("Lähde: THL, Sotkanet"), "the follow-up report names its source");
  const reportPdf = await pub.request.get(`${base}/regions/07/goals/followup/2025/report.pdf`);
  expect(reportPdf.status() === 200 && (await reportPdf.body()).subarray(0, 5).toString() === "%PDF-", "the follow-up report downloads as a PDF");
  await signIn("yllapito@example.org");
  await page.goto(`${base}/regions/07/goals/followup/2026`);
  await axe("followup-keeper");
  expect((await page.locator("select#item_id option").count()) >= 1, "the keeper is offered the chairs' forum's coming items");
  await page.goto(`${base}/regions/07/goals`);
  await page.getByRole("link", { name: "Kirjaa vuoden tilanne" }).first().click();
  await page.waitForLoadState("domcontentloaded");
  await axe("new-goal-status");
  await signOut();
} catch (err) {
  fail(`the goals checks stopped: ${err.message.split("\n")[0]}`);
}

// ---- issue 5, situational picture: charts, map, tables, a snapshot and its comparison ----
try {
  await visit("/regions/07/picture", "picture", 200, pub);
  const picture = await pub.content();
  expect(picture.includes("Lähde: THL, Sotkanet, 2000–2022"), "the picture names its source and data years");
  expect(picture.includes("ei tietoa"), "a missing figure reads ei tietoa");
  expect((await pub.locator("svg.chart[role=img] title").count()) >= 1, "the charts are images with a title");
  expect((await pub.locator("svg.map path.area").count()) === 10, "the map draws the ten municipalities");
  expect((await pub.locator("table.picture-table caption").count()) >= 2, "the same figures as tables with captions");
  // The map's form works without JavaScript: a GET with the indicator and the year.
  await pub.selectOption("#map-year", "2009");
  await Promise.all([pub.waitForLoadState("domcontentloaded"), pub.getByRole("button", { name: "Näytä kartalla" }).click()]);
  expect(pub.url().includes("map_year=2009"), "the map form is a GET");
  expect((await pub.content()).includes("Lähde: THL, Sotkanet, 2009"), "the map names its year");
  await axe("picture-map-2009", pub);
  const snapshotLink = pub.locator("a[href*='/picture/snapshots/']").first();
  if ((await snapshotLink.count()) === 1) {
    const href = await snapshotLink.getAttribute("href");
    await visit(href, "snapshot", 200, pub);
    expect((await pub.locator("main").innerText()).includes("201\u00a0270"), "the frozen picture shows Päijät-Häme's 2009 population");
    await visit(`${href}/compare`, "snapshot-compare", 200, pub);
  } else {
    fail("the demo's picture lists no snapshot");
  }
  await signIn("sihteeri@example.org");
  await page.goto(`${base}/regions/07/picture`);
  await axe("picture-keeper");
  await signOut();
} catch (err) {
  fail(`the picture checks stopped: ${err.message.split("\n")[0]}`);
}

// ---- issue 5, statutory wellbeing reporting and the preparedness workspace --------------
try {
  await visit("/regions/07/wellbeing-reporting", "wellbeing-reporting", 200, pub);
  const reporting = await pub.content();
  expect(reporting.includes("Puuttuu") && reporting.includes("Myöhässä"), "the reporting page names what is missing in words");
  expect((await pub.locator("table.wellbeing-table tbody tr").count()) === 11, "the reporting table has the ten municipalities and the county");
  const partyId = await pub.locator("#skeleton-party").inputValue();
  const termId = await pub.locator("#skeleton-term").inputValue();
  const skeleton = await pub.request.get(`${base}/regions/07/wellbeing-reporting/skeleton?party_id=${partyId}&term_id=${termId}`);
  expect(skeleton.status() === 200 && (await skeleton.text()).includes("## 6. Liitteet"), "the extensive report's skeleton downloads with THL's sections");
  await signIn("sihteeri@example.org");
  await page.goto(`${base}/regions/07/wellbeing-reporting`);
  await axe("wellbeing-reporting-keeper");
  await page.getByRole("link", { name: "Kirjaa neuvottelu" }).first().click();
  await page.waitForLoadState("domcontentloaded");
  await axe("new-negotiation");
  // Kuntaturva's workspace, as its secretary; a classification is refused with guidance.
  await page.goto(`${base}/regions/07`);
  const kuntaturva = await page.locator("main a", { hasText: "Kuntaturva" }).first().getAttribute("href");
  await page.goto(`${base}${kuntaturva}/preparedness`);
  await axe("preparedness");
  expect((await page.locator("table.contact-tree").count()) >= 10, "the contact tree lists the parties in calling order");
  await page.getByRole("link", { name: "Kirjaa muistiinpano" }).first().click();
  await page.waitForLoadState("domcontentloaded");
  await axe("new-preparedness-note");
  await page.fill("#f-title", "Riskiarvio");
  await page.fill("#f-marking", "TL III");
  await navigating(() => page.locator("main form button[type=submit]").first().click());
  const noteErrors = (await page.locator(".error-summary").count()) ? await page.locator(".error-summary").innerText() : "";
  expect(noteErrors.includes("organisaatiosi järjestelmää"), `a TL marking is refused with guidance (${noteErrors})`);
  await axe("new-preparedness-note-errors");
  await signOut();
  // PHTURVA's workspace is not for Hollola's manager, who sits in Kuntaturva only.
  await signIn("jasen@example.org");
  await page.goto(`${base}/regions/07`);
  const phturva = await page.locator("main a", { hasText: "PHTURVA" }).first().getAttribute("href");
  const refused = await page.goto(`${base}${phturva}/preparedness`);
  expect(refused.status() === 403, `a non-member is refused the workspace (${refused.status()})`);
  expect(!(await page.content()).includes("Yhteystietopuu"), "the refusal shows nothing of the workspace");
  await axe("preparedness-forbidden");
  await signOut();
} catch (err) {
  fail(`the wellbeing reporting and preparedness checks stopped: ${err.message.split("\n")[0]}`);
}

await browser.close();
console.log(checked.join("\n"));
if (failures.length) {
  console.error(`\n${failures.length} browser check(s) failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log(`\nbrowser: ${checked.length} pages checked with axe, 0 violations`);
