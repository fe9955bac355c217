// RunnerIQ dashboard: polls the API (same origin, token in an HttpOnly cookie) and redraws.
"use strict";
const TIERS = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const COLORS = { CRITICAL: "#c62828", HIGH: "#ef6c00", MEDIUM: "#1565c0", LOW: "#6d7a86" };
const ZONE_COLORS = ["#2e7d32", "#1565c0", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#5d4037"];
const carbonHistory = {}; // zone -> [{t, v}]
let lastDecisions = [];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
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
      el("td", {}, duration(j.waiting_s)),
      el("td", { class: "advice" }, (j.advice ? j.advice.action + (j.advice.runner_id ? " → runner " + j.advice.runner_id : "") + ": " : "") + advice)));
  }
  const tc = document.getElementById("tier-counts");
  tc.replaceChildren(...TIERS.map(t => el("span", {}, el("span", { class: "tier " + t }, t), " " + counts[t])));
  const status = document.getElementById("status");
  status.textContent = (q.stale ? "stale: " + q.stale + " · " : "") + "refreshed " + new Date(q.refreshed_at).toLocaleTimeString();
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
  const now = Date.now();
  for (const [zone, c] of Object.entries(f.carbon || {})) {
    const h = carbonHistory[zone] || (carbonHistory[zone] = []);
    h.push({ t: now, v: c.gco2_per_kwh });
    if (h.length > 300) h.shift();
  }
  drawCarbon();
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
    const w = v => 300 * (v || 0) / max;
    svg.append(svgEl("rect", { x: 100, y, width: w(r.s.max_s), height: 16, fill: COLORS[r.t], opacity: 0.25 }));
    svg.append(svgEl("rect", { x: 100, y, width: w(r.s.p95_s), height: 16, fill: COLORS[r.t], opacity: 0.55 }));
    svg.append(svgEl("rect", { x: 100, y, width: w(r.s.p50_s), height: 16, fill: COLORS[r.t] }));
    const label = svgEl("text", { x: 104 + w(r.s.max_s), y: y + 12 });
    label.textContent = r.s.jobs ? "p50 " + duration(r.s.p50_s) + " · max " + duration(r.s.max_s) : "none waiting";
    svg.append(label);
  });
}

function drawCarbon() {
  const svg = document.getElementById("carbon-chart");
  svg.replaceChildren();
  const zones = Object.keys(carbonHistory);
  const all = zones.flatMap(z => carbonHistory[z]);
  if (!all.length) return;
  const t0 = Math.min(...all.map(p => p.t)), t1 = Math.max(...all.map(p => p.t), t0 + 1);
  const vmax = Math.max(100, ...all.map(p => p.v));
  const x = t => 40 + 370 * (t - t0) / (t1 - t0), y = v => 180 - 160 * v / vmax;
  const axis = svgEl("text", { x: 0, y: 24 }); axis.textContent = Math.round(vmax) + " g";
  svg.append(axis, svgEl("line", { x1: 40, y1: 180, x2: 410, y2: 180, stroke: "#ccc" }));
  const legend = document.getElementById("carbon-legend");
  legend.replaceChildren();
  zones.forEach((z, i) => {
    const color = ZONE_COLORS[i % ZONE_COLORS.length];
    const pts = carbonHistory[z].map(p => x(p.t) + "," + y(p.v)).join(" ");
    svg.append(svgEl("polyline", { points: pts, fill: "none", stroke: color, "stroke-width": 2 }));
    legend.append(el("span", { style: "color:" + color }, "■ " + z));
  });
}

async function refresh() {
  try {
    const [q, f, d, s] = await Promise.all([api("/api/v1/queue"), api("/api/v1/fleet"),
      api("/api/v1/decisions?limit=50"), api("/api/v1/stats")]);
    renderQueue(q); renderFleet(f); renderDecisions(d.decisions); drawWaits(s);
  } catch (e) {
    const status = document.getElementById("status");
    status.textContent = "cannot reach the API: " + e.message;
    status.classList.add("stale");
  }
}

refresh();
setInterval(refresh, 3000);
