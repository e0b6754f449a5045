// Drives the /ui dashboard of a running gateway in headless Chromium, the way an operator would use it, and fails
// (exit 1, with the step that failed) when the page does not show what happened. Run by DashboardIT:
//   node dashboard.mjs MANAGEMENT_URL INGRESS_URL TOKEN ROUTES_DIR TOPIC RUN SCREENSHOT_DIR
// The gateway runs the routes "hook-RUN" (webhook /hook -> Kafka TOPIC) and "refused-RUN" (TOPIC -> a partner that
// answers 400, so every event becomes a dead letter).
import { chromium } from "playwright-core";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

const [management, ingress, token, routesDir, topic, run, shots] = process.argv.slice(2);
const hook = "hook-" + run, refused = "refused-" + run, added = "added-" + run;
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
mkdirSync(shots, { recursive: true });

let step = "start";
function log(s) { step = s; console.log("step: " + s); }

const traceId = randomBytes(16).toString("hex");
async function postWebhook(path, n, traced) {
  for (let i = 0; i < n; i++) {
    const headers = { "Content-Type": "application/json" };
    if (traced) headers["traceparent"] = `00-${traceId}-${randomBytes(8).toString("hex")}-01`;
    const r = await fetch(ingress + path, { method: "POST", headers, body: JSON.stringify({ n: i }) });
    if (r.status >= 300) throw new Error(`POST ${path} answered ${r.status}`);
  }
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30000);
  // What the page itself complains about is part of a failure's story.
  page.on("pageerror", (e) => console.log("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") console.log("page console: " + m.text()); });
  page.on("response", (r) => { if (r.url().includes("/admin/dlq/replay")) console.log("replay answered " + r.status()); });

  log("the page asks for the admin token and shows the routes once given it");
  await page.goto(management + "/ui");
  await page.locator("#login").waitFor({ state: "visible" });
  await page.fill("#token", token);
  await page.click("#login button");
  await page.locator(`tr[data-route="${hook}"]`).waitFor();
  await page.locator(`tr[data-route="${refused}"]`).waitFor();

  log("a route file dropped into routes/ appears on the page");
  writeFileSync(join(routesDir, "added.yaml"), [
    "- route:",
    `    id: ${added}`,
    "    from:",
    "      uri: kamelet:webhook-source",
    "      parameters: {path: /added}",
    "      steps:",
    `        - to: {uri: kamelet:kafka-sink, parameters: {topic: ${topic}}}`,
    ""].join("\n"));
  await page.locator(`tr[data-route="${added}"]`).waitFor({ timeout: 60000 });

  log("the link between the routes through the topic is shown");
  await page.locator("#links", { hasText: `${hook}  →  kafka:${topic}  →  ${refused}` }).waitFor();

  log("rates move while events flow");
  let flowing = true;
  const load = (async () => { while (flowing) await postWebhook("/hook", 20, false); })();
  await page.waitForFunction((route) => {
    const cell = document.querySelector(`tr[data-route="${route}"] td.rate-delivered`);
    return cell && parseFloat(cell.textContent) > 0;
  }, hook, { timeout: 30000 });
  await page.screenshot({ path: join(shots, "ui-routes.png") });
  flowing = false;
  await load;

  log("a broken route file shows its file and line, and the running routes stay");
  writeFileSync(join(routesDir, "broken.yaml"), [
    "- route:",
    "    id: broken",
    "    from:",
    "      uri: kamelet:webhook-source",
    "      parameters: {path: /broken}",
    "      steps:",
    "        - to: {uri: kamelet:no-such-connector}",
    ""].join("\n"));
  await page.locator("#reload-problems", { hasText: "broken.yaml:7" }).waitFor({ timeout: 60000 });
  await page.locator("#reload-state", { hasText: "refused" }).waitFor();
  await page.locator(`tr[data-route="${hook}"]`).waitFor();
  await page.screenshot({ path: join(shots, "ui-reload-refused.png") });

  log("a traced event can be found by its trace id, with each route it went through");
  await postWebhook("/hook", 1, true);
  await page.fill("#event-key", traceId);
  for (let i = 0; i < 60; i++) {
    await page.click("#event-search button");
    const routes = await page.locator("#events tbody tr td:nth-child(2)").allTextContents();
    if (routes.includes(hook) && routes.includes(refused)) break;
    if (i === 59) throw new Error("hops found for the trace: " + routes.join(", "));
    await page.waitForTimeout(500);
  }
  await page.locator("#event-search").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "ui-event-search.png") });

  log("a dry-run replay of the last hour of the topic is started from the form and its count shown");
  await page.fill("#replay-topic", topic);
  await page.fill("#replay-from", "1h");
  await page.check("#replay-dry");
  await page.click("#replay-form button");
  await page.locator("#replay-result", { hasText: "started" }).waitFor();
  await page.locator("#replays tbody tr td.state", { hasText: "done" }).waitFor({ timeout: 30000 });
  const done = await page.locator("#replays tbody tr td.done").first().textContent();
  if (!/^[1-9][0-9]* would be \/ [1-9]/.test(done)) throw new Error("replay row shows " + done);
  await page.locator("#replays").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "ui-replays.png") });

  log("dead letters are listed and one is replayed by a click, after a confirmation");
  await page.fill("#dlq-route", refused);
  for (let i = 0; i < 60; i++) {
    await page.click("#dlq-filter button");
    await page.locator("#dlq-filter button:not([disabled])").waitFor();
    if (await page.locator("#dlq tbody button.replay").count() > 0) break;
    if (i === 59) throw new Error("no dead letter listed: " + await page.locator("#dlq-result").textContent());
    await page.waitForTimeout(1000);
  }
  let asked = null;
  page.once("dialog", async (dialog) => { asked = dialog.message(); await dialog.accept(); });
  const first = page.locator("#dlq tbody button.replay").first();
  await first.click();
  await page.waitForFunction(() => /replayed|failed/.test(document.querySelector("#dlq tbody button.replay").textContent),
      null, { timeout: 60000 });
  const answer = await first.textContent();
  if (answer !== "replayed 1") throw new Error("the replay button says: " + answer);
  if (!asked || !asked.startsWith("Replay dead letter dl-") || !asked.endsWith(`into route ${refused}?`)) {
    throw new Error("no confirmation asked: " + asked);
  }
  await page.locator("#dlq-filter").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "ui-dead-letters.png") });
  console.log("dashboard: all steps passed");
} catch (e) {
  console.error(`dashboard: failed at "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
