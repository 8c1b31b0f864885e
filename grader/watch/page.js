// The live page: renders the watch session's snapshots as TEXT only (textContent, never innerHTML):
// check names, messages and response bodies come from the candidate's server.
"use strict";
let received = 0, snapshot = null;

function $(id) { return document.getElementById(id); }
function clock(s) {
  s = Math.max(0, Math.floor(s));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}
function text(id, value) { $(id).textContent = value == null ? "" : String(value); }
function cell(row, value, cls) {
  const td = document.createElement("td");
  td.textContent = value == null ? "" : String(value);
  if (cls) td.className = cls;
  row.appendChild(td);
}
function fill(tbody, rows) { tbody.replaceChildren(...rows); }

function tick() {
  if (!snapshot) return;
  const elapsed = snapshot.elapsed_s + (Date.now() - received) / 1000, budget = snapshot.budget_s;
  text("elapsed", clock(elapsed));
  text("budget", elapsed > budget ? `of ${clock(budget)}: over by ${clock(elapsed - budget)}` : `of ${clock(budget)} budget`);
  const bar = $("bar-fill");
  bar.style.width = `${Math.min(100, 100 * elapsed / budget)}%`;
  bar.classList.toggle("over", elapsed > budget);
}

function render(s) {
  snapshot = s; received = Date.now();
  document.title = `${s.challenge}: ${s.runs.length ? Math.round(s.percent) + "%" : "starting"} (grade watch)`;
  text("title", `${s.challenge}  ${s.title}`);
  text("meta", `${s.track} track, ${s.sandbox} sandbox, seed ${s.seed}` + (s.public_only ? ", public checks" : ", all checks"));
  tick();
  if (!s.runs.length) { text("score", "starting…"); return; }
  text("score", `${s.score}/${s.max_score} (${Math.round(s.percent)}%)`);
  $("score").className = "big " + (s.percent >= 100 ? "good" : s.score > 0 ? "warn" : "bad");
  const passed = s.checks.filter((c) => c.status === "pass").length;
  text("checks-passed", `${passed}/${s.checks.length} checks passed`);
  const last = s.runs[s.runs.length - 1];
  text("last-run", `#${last.n} at ${clock(last.at_s)}`);
  text("last-trigger", last.trigger.length ? `${last.trigger.join(", ")} changed` : "first run");
  $("server-reason").hidden = !s.server_reason;
  text("server-reason", s.server_reason ? `server did not start: ${s.server_reason}` : "");
  text("scope", s.scope_note);
  fill($("checks").tBodies[0], s.checks.map((c) => {
    const tr = document.createElement("tr");
    cell(tr, c.status.toUpperCase(), `state ${c.status}`);
    cell(tr, c.name);
    cell(tr, `${c.points}/${c.max_points}`);
    cell(tr, c.first_passed_at_s == null ? "–" : clock(c.first_passed_at_s));
    return tr;
  }));
  $("hidden").hidden = !s.hidden;
  text("hidden", s.hidden ? `${s.hidden}: counted in the score, not named here` : "");
  $("failure-box").hidden = !s.first_failure;
  if (s.first_failure) {
    text("failure-name", s.first_failure.name);
    text("failure", [s.first_failure.message, "", ...s.first_failure.reproduction].join("\n"));
  }
  fill($("runs").tBodies[0], s.runs.slice().reverse().map((r) => {
    const tr = document.createElement("tr");
    cell(tr, `#${r.n}`);
    cell(tr, clock(r.at_s));
    cell(tr, r.server_reason ? "server down" : `${r.score}/${r.max_score} (${Math.round(r.percent)}%)`,
         r.server_reason ? "bad" : "");
    cell(tr, r.trigger.length ? r.trigger.join(", ") : "(start)");
    const what = [];
    if (r.newly_passing.length) what.push(`+ ${r.newly_passing.join("; ")}`);
    if (r.newly_failing.length) what.push(`- ${r.newly_failing.join("; ")}`);
    if (r.server_reason) what.push(r.server_reason);
    cell(tr, what.join("  "));
    return tr;
  }));
  $("log-box").hidden = !s.log;
  text("log", s.log || "");
}

function connect() {
  const events = new EventSource("/events");
  events.onopen = () => { text("connection", "live"); };
  events.onmessage = (e) => { render(JSON.parse(e.data)); text("connection", "live"); };
  events.onerror = () => { text("connection", "disconnected: the watch has ended or is restarting"); };
}

document.addEventListener("DOMContentLoaded", () => {
  fetch("/state").then((r) => r.json()).then((s) => { if (s.challenge) render(s); }).catch(() => {});
  connect();
  setInterval(tick, 1000);
});
