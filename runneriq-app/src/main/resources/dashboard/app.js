// RunnerIQ dashboard: polls the API (same origin, token in an HttpOnly cookie) and redraws.
"use strict";
const TIERS = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const COLORS = { CRITICAL: "#c62828", HIGH: "#ef6c00", MEDIUM: "#1565c0", LOW: "#6d7a86" };
const ZONE_COLORS = ["#2e7d32", "#1565c0", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037"];
let lastDecisions = [];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    // style through the CSSOM: the content security policy refuses style attributes
    if (k === "class") e.className = v; else if (k === "style") e.style.cssText = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function svgEl(tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function duration(s) {
  if (s < 60) return s + "s";
  if (s < 3600) return Math.floor(s / 60) + "m";
  return Math.floor(s / 3600) + "h" + String(Math.floor((s % 3600) / 60)).padStart(2, "0") + "m";
}

async function api(path) {
  const r = await fetch(path, { credentials: "same-origin" });
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.json();
}

function renderQueue(q) {
  const body = document.querySelector("#queue tbody");
  body.replaceChildren();
  const counts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const j of q.jobs) {
    const tier = j.priority ? j.priority.tier : "?";
    counts[tier] = (counts[tier] || 0) + 1;
    const advice = j.advice ? j.advice.explanation : "";
    body.append(el("tr", { "data-job": j.job_id },
      el("td", {}, el("span", { class: "tier " + tier }, tier)),
      el("td", {}, j.priority ? j.priority.score : ""),
      el("td", {}, j.name + " #" + j.job_id),
      el("td", {}, j.project),
      el("td", {}, duration(j.waiting_s) + (j.held ? " (held)" : "")),
      el("td", { class: "advice" }, (j.advice ? j.advice.action + (j.advice.runner_id ? " → runner " + j.advice.runner_id : "") + ": " : "") + advice)));
  }
  const tc = document.getElementById("tier-counts");
  tc.replaceChildren(...TIERS.map(t => el("span", {}, el("span", { class: "tier " + t }, t), " " + counts[t])));
  const status = document.getElementById("status");
  status.textContent = (q.stale ? "stale: " + q.stale + " · " : "")
    + (q.skipped ? q.skipped.length + " skipped (" + q.skipped.join("; ") + ") · " : "")
    + "refreshed " + new Date(q.refreshed_at).toLocaleTimeString();
  status.classList.toggle("stale", !!q.stale);
}

function renderFleet(f) {
  const body = document.querySelector("#fleet tbody");
  body.replaceChildren();
  for (const r of f.runners) {
    const load = Math.round(r.load * 100);
    const bar = el("span", { class: "bar" }, el("i", { class: load >= 100 ? "busy" : "", style: "width:" + load + "%" }));
    body.append(el("tr", {},
      el("td", {}, r.name + " (" + r.id + ")" + (r.paused ? " · paused" : "") + (r.online ? "" : " · offline")),
      el("td", {}, r.tag_list.join(", ")),
      el("td", {}, bar, " " + r.running + "/" + r.concurrency),
      el("td", {}, r.success_rate == null ? "–" : Math.round(r.success_rate * 100) + "%"),
      el("td", {}, r.zone || "–"),
      el("td", {}, r.gco2_per_kwh == null ? "–" : Math.round(r.gco2_per_kwh))));
  }
  drawCarbon(f);
}

function renderDecisions(list) {
  lastDecisions = list;
  const ul = document.getElementById("decisions");
  ul.replaceChildren();
  for (const d of list.slice(0, 50)) {
    const li = el("li", { "data-id": d.id, onclick: () => openDecision(d.id) },
      el("span", { class: "tier " + d.priority.tier }, d.priority.tier), " ",
      d.job.name + " #" + d.job_id + " → " + d.action + (d.runner_id ? " " + d.runner_id : "") + " [" + d.decided_by + "]");
    if (d.decided_by === "llm" || d.needs_review) li.append(el("span", { class: "review" }, "review"));
    ul.append(li);
  }
}

async function openDecision(id) {
  const d = await api("/api/v1/decisions/" + encodeURIComponent(id));
  document.getElementById("detail-title").textContent = d.job.name + " #" + d.job_id + " — " + d.action;
  document.getElementById("detail-explanation").textContent = d.explanation;
  const body = document.getElementById("detail-body");
  body.replaceChildren();
  if (d.needs_review || d.decided_by === "llm") {
    body.append(el("p", { class: "review", id: "detail-review" },
      "Needs human review: a language model" + (d.llm ? " (" + d.llm.model + ")" : "") + " settled this near-tie."));
  }
  if (d.candidates.length) {
    const t = el("table", {}, el("tr", {}, el("th", {}, "Runner"), el("th", {}, "Total"), el("th", {}, "Scores")));
    for (const c of d.candidates) {
      t.append(el("tr", {}, el("td", {}, c.runner_id), el("td", {}, c.total),
        el("td", {}, c.scores.map(s => s.scorer + " " + s.normalized + "×" + s.weight).join(", "))));
    }
    body.append(t);
  }
  const rej = Object.entries(d.rejections || {});
  if (rej.length) body.append(el("p", {}, "Rejected: " + rej.map(([k, v]) => v + " " + k).join(", ")));
  if (d.outcome) body.append(el("p", {}, "GitLab: " + d.outcome.status + (d.outcome.runner_id ? " on runner " + d.outcome.runner_id : "")));
  document.getElementById("decision-detail").showModal();
}

function drawWaits(stats) {
  const svg = document.getElementById("wait-chart");
  svg.replaceChildren();
  const rows = TIERS.map(t => ({ t, s: stats.waiting_now[t] || { jobs: 0 } }));
  const max = Math.max(60, ...rows.map(r => r.s.max_s || 0));
  rows.forEach((r, i) => {
    const y = 20 + i * 44;
    svg.append(svgEl("text", { x: 0, y: y + 12 }));
    svg.lastChild.textContent = r.t + " (" + r.s.jobs + ")";
    const w = v => 170 * (v || 0) / max; // leaves room for the label after the longest bar
    svg.append(svgEl("rect", { x: 100, y, width: w(r.s.max_s), height: 16, fill: COLORS[r.t], opacity: 0.25 }));
    svg.append(svgEl("rect", { x: 100, y, width: w(r.s.p95_s), height: 16, fill: COLORS[r.t], opacity: 0.55 }));
    svg.append(svgEl("rect", { x: 100, y, width: w(r.s.p50_s), height: 16, fill: COLORS[r.t] }));
    const label = svgEl("text", { x: 104 + w(r.s.max_s), y: y + 12 });
    label.textContent = r.s.jobs ? "p50 " + duration(r.s.p50_s) + " · max " + duration(r.s.max_s) : "none waiting";
    svg.append(label);
  });
}

// Past intensity per zone (solid) and the forecast ahead (dashed), on the service's clock.
function drawCarbon(f) {
  const svg = document.getElementById("carbon-chart");
  const legend = document.getElementById("carbon-legend");
  const note = document.getElementById("carbon-note");
  svg.replaceChildren();
  legend.replaceChildren();
  // sorted, so each zone keeps its colour from one refresh to the next
  const zones = Object.entries(f.carbon || {}).sort(([a], [b]) => a.localeCompare(b));
  const problems = Object.entries(f.carbon_problems || {});
  note.textContent = !f.carbon_provider ? "No carbon provider configured (carbon.provider)."
    : problems.length ? f.carbon_provider + ": " + problems.map(([z, why]) => z + ": " + why).join("; ")
    : "Provider: " + f.carbon_provider + ". Solid: as read; dashed: forecast.";
  note.classList.toggle("stale", problems.length > 0);
  const series = zones.map(([zone, c]) => ({
    zone, now: c,
    past: (c.history && c.history.length ? c.history : [c]).map(p => ({ t: Date.parse(p.at), v: p.gco2_per_kwh })),
    ahead: (c.forecast || []).map(p => ({ t: Date.parse(p.at), v: p.gco2_per_kwh })),
  }));
  const all = series.flatMap(s => s.past.concat(s.ahead));
  if (!all.length) return;
  const now = Date.parse(f.now);
  const HOUR = 3600000; // a forecast point holds for an hour
  const t0 = Math.min(now, ...all.map(p => p.t));
  const t1 = Math.max(now + 1, ...all.map(p => p.t), ...series.flatMap(s => s.ahead.map(p => p.t + HOUR)));
  const vmax = Math.max(100, ...all.map(p => p.v));
  const x = t => 40 + 370 * (t - t0) / (t1 - t0), y = v => 180 - 160 * v / vmax;
  const label = (tx, ty, text, anchor) => {
    const e = svgEl("text", { x: tx, y: ty, "text-anchor": anchor || "start" });
    e.textContent = text;
    svg.append(e);
  };
  label(0, 24, Math.round(vmax) + " g");
  svg.append(svgEl("line", { x1: 40, y1: 180, x2: 410, y2: 180, stroke: "#ccc" }));
  svg.append(svgEl("line", { x1: x(now), y1: 16, x2: x(now), y2: 180, stroke: "#999", "stroke-dasharray": "2 3" }));
  const hhmm = t => new Date(t).toISOString().slice(11, 16);
  label(40, 196, hhmm(t0) + " UTC");
  label(x(now), 14, "now", "middle");
  label(410, 196, hhmm(t1), "end");
  series.forEach((s, i) => {
    const color = ZONE_COLORS[i % ZONE_COLORS.length];
    // a step line: each value holds until the next one
    const steps = (pts, until) => {
      const out = [];
      pts.forEach((p, k) => {
        const end = k + 1 < pts.length ? pts[k + 1].t : until;
        out.push(x(p.t) + "," + y(p.v), x(end) + "," + y(p.v));
      });
      return out.join(" ");
    };
    if (s.past.length) {
      svg.append(svgEl("polyline", { points: steps(s.past, s.ahead.length ? s.ahead[0].t : now), fill: "none", stroke: color, "stroke-width": 2, class: "carbon-past" }));
    }
    if (s.ahead.length) {
      svg.append(svgEl("polyline", { points: steps(s.ahead, s.ahead[s.ahead.length - 1].t + HOUR), fill: "none", stroke: color, "stroke-width": 2, "stroke-dasharray": "5 4", class: "carbon-forecast" }));
    }
    legend.append(el("span", { style: "color:" + color, class: s.now.stale ? "stale" : "" },
      "■ " + s.zone + " " + Math.round(s.now.gco2_per_kwh) + " g/kWh" + (s.now.stale ? " (stale)" : "")));
  });
}

function renderCo2(stats) {
  const c = ((stats.waited || {})["24h"] || {}).co2;
  const note = document.getElementById("co2-note");
  if (!c) { note.textContent = ""; return; }
  note.textContent = "Jobs finished in the last 24 h: " + c.jobs_finished + ", " + c.energy_kwh + " kWh, "
    + c.co2_kg + " kg CO2 (estimated for " + c.jobs_estimated
    + (c.without_carbon_data ? "; " + c.without_carbon_data + " without carbon data" : "") + ").";
}

function renderMode(m) {
  const badge = document.getElementById("mode");
  const note = document.getElementById("gate-note");
  const gate = m.mode === "gate";
  badge.textContent = gate ? (m.dry_run ? "gate (dry run)" : "gate") : "advisory";
  badge.classList.toggle("active", gate && !m.dry_run);
  if (!m.gate_configured) { note.textContent = ""; return; }
  let text = !gate ? "Gate switched off: RunnerIQ plays nothing; held jobs start at their floor."
    : m.standing_by ? "Standing by: " + m.standing_by + "."
    : "Gate: " + m.played + " job(s) played, " + m.failed + " failed.";
  if (m.forbidden > 0) {
    text += " GitLab refused " + m.forbidden + " play(s) with 403 (the token needs the api scope and a"
      + " Developer with merge rights on protected branches): "
      + m.last_forbidden.map(f => "job " + f.job_id + " (" + f.answer + ")").join("; ")
      + ". Those jobs start at their floor.";
  }
  note.textContent = text;
  note.classList.toggle("stale", m.forbidden > 0);
}

function renderInsights(ins) {
  document.getElementById("optimizer-note").textContent = "Learned from " + ins.learned_from
    + " finished job(s) (" + ins.backfilled + " read at start); the fleet's runners succeed in "
    + (ins.fleet_success_rate * 100).toFixed(1) + "% of runs. "
    + (ins.calibration.length ? ins.calibration.length + " project(s) damped."
      : "No project's claims stand out.");
  const runners = document.querySelector("#runner-insights tbody");
  runners.replaceChildren();
  const flagged = ins.runners.filter(r => r.flags.length);
  for (const r of flagged.length ? flagged : ins.runners.slice(0, 5)) {
    runners.append(el("tr", { class: r.flags.length ? "flagged" : "" },
      el("td", {}, r.name + " (" + r.id + ")"),
      el("td", {}, String(r.jobs)),
      el("td", {}, (r.success_rate * 100).toFixed(1) + "%"),
      el("td", {}, r.duration_factor === 1 ? "as declared" : "jobs take ×" + r.duration_factor.toFixed(2)),
      el("td", {}, r.flags.join(", ") || "–")));
  }
  const cal = document.querySelector("#calibration tbody");
  cal.replaceChildren();
  for (const c of ins.calibration) {
    cal.append(el("tr", {},
      el("td", {}, c.project),
      el("td", {}, String(c.points)),
      el("td", {}, c.reason)));
  }
}

async function refresh() {
  try {
    const [q, f, d, s, m, i] = await Promise.all([api("/api/v1/queue"), api("/api/v1/fleet"),
      api("/api/v1/decisions?limit=50"), api("/api/v1/stats"), api("/api/v1/mode"),
      api("/api/v1/insights")]);
    renderQueue(q); renderFleet(f); renderDecisions(d.decisions); drawWaits(s); renderCo2(s);
    renderMode(m); renderInsights(i);
  } catch (e) {
    const status = document.getElementById("status");
    status.textContent = "cannot reach the API: " + e.message;
    status.classList.add("stale");
  }
}

refresh();
setInterval(refresh, 3000);
