// The list of issues in the folder, and 新建一期.
"use strict";

const LAYOUT_NAMES = {
  "newsletter-a4": "社区报 A4", "newsletter-a3": "社区报 A3", "briefing-a4": "简报 A4",
  "poster-a3": "海报 A3", "poster-a2": "海报 A2", "poster-a1": "海报 A1",
  "board-600x800": "宣传栏 600×800", "board": "宣传栏展板", "phone": "手机长图",
};

function card(issue) {
  const title = issue.name || issue.f;
  const facts = [];
  if (issue.issue) facts.push(/^\d+$/.test(issue.issue) ? "第" + issue.issue + "期" : issue.issue);
  if (issue.date) facts.push(issue.date);
  return el("a", { class: "card", href: "/edit?f=" + encodeURIComponent(issue.f) },
    el("h2", {}, title),
    el("div", { class: "facts" }, facts.join(" · ") || "\u00a0"),
    el("div", { class: "meta" },
      "文件：" + issue.f, el("br"),
      "版式：" + (LAYOUT_NAMES[issue.layout] || issue.layout), el("br"),
      "修改于 " + timeText(issue.modified) + (issue.pdf ? " · 已有 PDF" : "")),
    el("span", { class: "open" }, "打开编辑 →"));
}

async function load() {
  const cards = document.getElementById("cards");
  try {
    const data = await api("GET", "/api/issues");
    cards.replaceChildren(...data.issues.map(card));
    if (!data.issues.length) {
      cards.replaceChildren(el("p", { class: "empty" },
        "这个文件夹里还没有内容文件。在上面写个名字，点“新建一期”开始。"));
    }
  } catch (e) {
    cards.replaceChildren(el("p", { class: "empty" }, e.message));
  }
}

document.getElementById("new-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const message = document.getElementById("new-message");
  const name = document.getElementById("new-name").value.trim();
  if (!name) { message.textContent = "请先写个名字，例如：第13期"; return; }
  try {
    const made = await api("POST", "/api/new", { name });
    location.href = "/edit?f=" + encodeURIComponent(made.f);
  } catch (e) {
    message.textContent = e.message;
  }
});

load();
