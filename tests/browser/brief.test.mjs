// End-to-end test of the `chorus serve` page in a real browser: Playwright (playwright-core)
// driving Debian's headless Chromium. Run by .ci/run:
//   node tests/browser/brief.test.mjs [path/to/chorus]
// It starts its own server on a free 127.0.0.1 port with a fresh database, and leaves
// screenshots in tests/browser/out/ (brief.png at 1366×900, brief-phone.png at 390×844). axe-core
// checks the page's accessibility at both sizes: no serious or critical finding.
import { chromium } from "playwright-core";
import http from "node:http";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, readdirSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const chorusBin = process.argv[2] || join(root, "target", "release", "chorus");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const outDir = join(here, "out");
mkdirSync(outDir, { recursive: true });

const exampleDir = join(root, "examples", "ferry");
const articles = readdirSync(exampleDir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => readFileSync(join(exampleDir, f), "utf8"));
const squeeze = (s) => s.replace(/\s+/g, " ").trim();
const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

// axe-core's serious and critical findings on the page as it is now. Evaluated through the
// browser's debugging protocol, which the page's script policy does not govern.
async function accessibilityProblems(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// Whether an element's top is inside the window.
async function inView(page, selector) {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  }, selector);
}
const normalisedArticles = articles.map(squeeze);

function startServer() {
  const db = join(mkdtempSync(join(tmpdir(), "chorus-browser-")), "chorus.db");
  const server = spawn(chorusBin, ["serve", "--addr", "127.0.0.1:0", "--db", db], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error("server did not start in 20 s")), 20000);
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    server.stdout.on("data", (chunk) => {
      buffered += chunk;
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve({ server, url: m[1] });
      }
    });
  });
}

async function makeBrief(page, texts, words) {
  const boxes = page.locator("#texts textarea");
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) await page.click("#add-text");
    await boxes.nth(i).fill(texts[i]);
  }
  await page.fill("input[name=words]", String(words));
  await page.click("#make");
  await page.locator("#status", { hasText: /Brief \d+ made/ }).waitFor({ timeout: 20000 });
}

let serverUrl = "";
// Errors the attacker's page causes (its refused requests) are not the page's own.
let collectErrors = true;

// How many briefs the server holds, asked directly (not through a page).
async function briefCount() {
  const r = await fetch(`${serverUrl}/api/briefs?per_page=1`);
  assert.equal(r.status, 200);
  return (await r.json()).total;
}

const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}

check("the example story: summary, sources, highlight, keyboard, conflicts, screenshot", async (page) => {
  // The server has no embedding model: the page does not offer them.
  assert.equal(await page.locator("#embeddings-option").isVisible(), false);
  await makeBrief(page, articles, 120);
  // The brief comes into view with the keyboard focus on its title.
  assert.equal(await page.evaluate(() => document.activeElement.id), "brief-title");
  assert.ok(await inView(page, "#brief-title"), "the brief's title is out of view");
  const sentences = page.locator("#summary .sentence");
  const n = await sentences.count();
  assert.ok(n >= 3, `only ${n} summary sentences`);
  // Faithful: every summary sentence is in one of the articles.
  for (const text of await sentences.allTextContents()) {
    assert.ok(normalisedArticles.some((a) => a.includes(squeeze(text))), `not in any article: ${text}`);
  }
  // Every sentence shows its sources.
  for (let i = 0; i < n; i++) {
    const cites = await page.locator("#summary li").nth(i).locator(".cite").count();
    assert.ok(cites >= 1, `sentence ${i + 1} cites no source`);
  }
  // Selecting a sentence highlights it in its source article.
  await sentences.first().click();
  await page.locator("#source-view").waitFor({ state: "visible" });
  const first = squeeze(await sentences.first().textContent());
  assert.equal(squeeze(await page.locator("#source-text mark").textContent()), first);
  assert.equal(await sentences.first().getAttribute("aria-pressed"), "true");
  // The example's junk (paywall lines, another story) is shown set aside, with its reason.
  let setAside = 0;
  for (const cite of await page.locator("#sources .cite").all()) {
    await cite.click();
    setAside += await page.locator("#source-text .dropped").count();
  }
  assert.ok(setAside >= 3, `only ${setAside} dropped passages shown`);
  // Why it was set aside is written in front of it, not only in a hover title.
  const reason = page.locator("#source-text .drop-reason").first();
  assert.ok(await reason.isVisible(), "the reason is not shown");
  assert.match(await reason.textContent(), /^set aside: \S/);
  // The article's text can be scrolled from the keyboard: it takes the focus.
  await page.locator("#source-text").focus();
  assert.equal(await page.evaluate(() => document.activeElement.id), "source-text");
  // The keyboard does the same: focus the second sentence, press Enter.
  await sentences.nth(1).focus();
  await page.keyboard.press("Enter");
  assert.equal(squeeze(await page.locator("#source-text mark").textContent()), squeeze(await sentences.nth(1).textContent()));
  // The passenger counts disagree across the example's sources: the row stands out.
  const conflict = page.locator("#facts tr.conflict");
  assert.ok((await conflict.count()) >= 1, "no conflicting figure shown");
  assert.match(await conflict.first().textContent(), /Conflict/);
  // First the figures the text brief shows (several sources, or said in the summary), then all
  // nine when asked for.
  const text = execFileSync(chorusBin, ["brief", exampleDir, "-w", "120", "-f", "text"], { encoding: "utf8" });
  const textFigures = text
    .split("\nFacts:\n")[1]
    .split("\n\n")[0]
    .split("\n")
    .filter((l) => !l.startsWith("…"))
    .map((l) => l.split(" (")[0]);
  assert.ok(textFigures.length >= 3 && textFigures.length < 9, `text shows ${textFigures.length} figures`);
  const pageFigures = await page.locator("#facts tbody tr:not(.more) td:first-child").allTextContents();
  assert.deepEqual(pageFigures, textFigures);
  await page.click("#facts tr.more button");
  assert.equal(await page.locator("#facts tbody tr:not(.more)").count(), 9);
  assert.equal(await page.locator("#facts tr.more").count(), 0);
  assert.ok((await page.locator("#quotes li").count()) >= 1, "no quotes shown");
  // A speaker is shown with the role the story gives them.
  assert.match(await page.locator("#quotes").textContent(), /Ilse Varga \(Coastguard Commander\): /);
  // People come with their roles, kinds in the heading's spelling.
  const entities = await page.locator("#entities").textContent();
  assert.match(entities, /Ilse Varga\s*person · Coastguard Commander/);
  assert.match(entities, /organisation/);
  assert.doesNotMatch(entities, /organization/);
  // The brief is in the list of past briefs, made on the page.
  assert.equal(await page.locator("#history li").count(), 1);
  assert.match(await page.locator("#history li").first().textContent(), /· page$/);
  // The article panel closes with its button, and with Escape, giving the focus back.
  await sentences.nth(2).click();
  await page.click("#close-source");
  assert.equal(await page.locator("#source-view").isVisible(), false);
  await sentences.nth(2).focus();
  await page.keyboard.press("Enter");
  await page.locator("#source-view").waitFor({ state: "visible" });
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#source-view").isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), await sentences.nth(2).textContent());
  await sentences.first().click();
  assert.deepEqual(await accessibilityProblems(page), [], "accessibility at desktop size");
  const shot = join(outDir, "brief.png");
  await page.screenshot({ path: shot, fullPage: true });
  const png = readFileSync(shot);
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  assert.ok(statSync(shot).size > 20000, "screenshot suspiciously small");
  // Reloading at the brief's address shows it again (it came back from the database).
  await page.reload();
  await page.locator("#summary .sentence").first().waitFor();
  assert.equal(await page.locator("#summary .sentence").count(), n);
});

check("markup in an article is shown as text and runs nothing", async (page) => {
  const hostile = [
    'The harbour board met on Monday about the flooded quay. A notice on its site read <script>window.__pwned = 1</script> for most of the morning, officials said.',
    'Staff found the tag <img src=x onerror="window.__pwned = 2"> in the same notice, and a link <a href="javascript:window.__pwned = 3">open the map</a> beside it, the board said.',
    "The quay will stay closed until Friday while engineers check the pumps, the board added.",
  ].join("\n\n");
  const second = [
    "The harbour board said on Monday that the flooded quay will stay closed until Friday while engineers check the pumps.",
    'Its notice page carried <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> for hours, the board said.',
  ].join("\n\n");
  await makeBrief(page, [hostile, second], 100);
  // Show each whole article (a source number in the source list) and the summary.
  const shown = [];
  for (const cite of await page.locator("#sources .cite").all()) {
    await cite.click();
    shown.push(await page.locator("#source-text").textContent());
  }
  shown.push(await page.locator("#summary").textContent());
  const all = shown.join("\n");
  assert.ok(all.includes("<script>window.__pwned = 1</script>"), "script tag not shown as text");
  assert.ok(all.includes('onerror="window.__pwned = 2"'), "img tag not shown as text");
  assert.ok(all.includes('href="javascript:'), "javascript: link not shown as text");
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "injected script ran");
  assert.equal(await page.locator("main script, main img, main iframe").count(), 0);
  assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations, [], "CSP violations");
});

check("a source that lost most of its text to cleaning is flagged beside it", async (page) => {
  const prose = [
    "The harbour board said on Monday that the flooded quay will stay closed until Friday while engineers check the pumps.",
    "Engineers found two of the four pumps broken after the storm, a spokeswoman for the board said.",
  ].join("\n\n");
  const paywalled = [
    "The flooded quay will stay closed until Friday, the harbour board said on Monday.",
    "Subscribe now for unlimited access to every story we publish.",
    "You've hit your limit of free articles this month, sign in or subscribe to read on.",
    "Already a subscriber? Log in to read the rest of this article and many more.",
  ].join("\n");
  await makeBrief(page, [prose, paywalled], 100);
  const flags = page.locator("#sources .source-warning");
  assert.equal(await flags.count(), 1, "one source flagged");
  assert.match(await flags.first().textContent(), /cleaning dropped \d+ of its \d+ words/);
  assert.match(await page.locator("#sources li").nth(1).textContent(), /cleaning dropped/);
  assert.doesNotMatch(await page.locator("#sources li").nth(0).textContent(), /cleaning dropped/);
});

check("a brief can be given a title of its own", async (page) => {
  await page.locator("#history button").first().click();
  await page.locator("#brief").waitFor({ state: "visible" });
  await page.click("#rename-brief");
  await page.fill("#rename-input", "Ferry aground off Pell Island");
  await page.keyboard.press("Enter");
  await page.locator("#status", { hasText: /renamed/ }).waitFor();
  assert.equal(await page.locator("#brief-title").textContent(), "Ferry aground off Pell Island");
  // The list of past briefs is read again after the rename: it shows the new title.
  await page.locator("#history li", { hasText: "Ferry aground off Pell Island" }).first().waitFor({ timeout: 5000 });
  assert.match(await page.locator("#history li").first().textContent(), /^Ferry aground off Pell Island/);
  assert.equal(await page.locator("#rename-form").isVisible(), false);
});

check("a pasted article carries the name it is given", async (page) => {
  const first = "The harbour board said on Monday that the flooded quay will stay closed until Friday while engineers check the pumps.";
  const second = "Engineers found two of the four pumps at the flooded quay broken after the storm, the harbour board said on Monday.";
  await page.fill("#texts input[name=name]", "Harbour Gazette");
  await makeBrief(page, [first, second], 60);
  assert.match(await page.locator("#sources li").first().textContent(), /Harbour Gazette/);
});

check("on a phone: the brief comes into view, the article is a drawer that closes", async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await makeBrief(page, articles, 120);
    assert.ok(await inView(page, "#brief-title"), "the brief's title is out of view on a phone");
    await page.locator("#summary .sentence").first().click();
    await page.locator("#source-view").waitFor({ state: "visible" });
    assert.ok(await inView(page, "#close-source"), "the drawer's close button is out of view");
    const drawer = await page.locator("#source-view").boundingBox();
    assert.ok(drawer.height <= 844 * 0.6, `the drawer covers ${drawer.height} px of 844`);
    assert.deepEqual(await accessibilityProblems(page), [], "accessibility at phone size");
    const shot = join(outDir, "brief-phone.png");
    await page.screenshot({ path: shot });
    assert.ok(statSync(shot).size > 10000, "phone screenshot suspiciously small");
    await page.click("#close-source");
    assert.equal(await page.locator("#source-view").isVisible(), false);
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});

check("a page on another site cannot create briefs (CSRF)", async (page) => {
  const before = await briefCount();
  // The attacker's page: another origin (another port) that posts a form and a no-cors fetch.
  const evil = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><form id=f method=post enctype="multipart/form-data" action="${serverUrl}/api/briefs">
      <textarea name=text>The ferry sank off Pell Island on Tuesday, the coastguard said, and every passenger was saved by the crew.</textarea>
      <input name=urls value="http://127.0.0.1:1/"></form>
      <script>
        fetch("${serverUrl}/api/briefs", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" },
          body: JSON.stringify({ articles: [{ text: "The ferry sank off Pell Island on Tuesday, officials said." }] }) });
        setTimeout(() => document.getElementById("f").submit(), 300);
      </script>`);
  });
  await new Promise((r) => evil.listen(0, "127.0.0.1", r));
  collectErrors = false;
  try {
    await page.goto(`http://127.0.0.1:${evil.address().port}/`);
    await page.waitForTimeout(1500);
  } finally {
    evil.close();
  }
  // Back on the server's own page before errors count again.
  await page.goto(serverUrl);
  collectErrors = true;
  assert.equal(await briefCount(), before, "a cross-site page created a brief");
});

check("deleting a brief removes it from the list", async (page) => {
  await page.locator("#history button").first().click();
  await page.locator("#brief").waitFor({ state: "visible" });
  const before = await page.locator("#history li").count();
  page.once("dialog", (d) => d.accept());
  await page.click("#delete-brief");
  await page.locator("#status", { hasText: /deleted/ }).waitFor();
  // The page announces the deletion only after the list is reloaded, so the count is final here.
  assert.equal(await page.locator("#history li").count(), before - 1);
  assert.equal(await page.locator("#brief").isVisible(), false);
});

const { server, url } = await startServer();
serverUrl = url;
const browser = await chromium.launch({
  executablePath: browserPath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failed = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => collectErrors && pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (collectErrors && m.type() === "error") pageErrors.push(m.text());
  });
  await page.goto(url);
  for (const { name, fn } of checks) {
    try {
      await fn(page);
      console.log(`ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${e.stack || e}`);
    }
    await page.goto(url);
  }
  if (pageErrors.length) {
    failed++;
    console.log(`FAIL page errors: ${pageErrors.join(" | ")}`);
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
console.log(failed ? `${failed} browser check(s) failed` : `browser checks passed (screenshot: ${join(outDir, "brief.png")})`);
process.exit(failed ? 1 : 0);
