// One issue: the content file in an editor (line numbers, each mistake at its line) beside
// its pages. Typing saves after a pause; the server rebuilds and tells this page through
// server-sent events, and the new pages replace the old ones once they have loaded, so
// the last good pages stay in view while a mistake is being fixed.
"use strict";

const F = new URLSearchParams(location.search).get("f") || "";
const Q = "f=" + encodeURIComponent(F);
const SAVE_AFTER = 900; // ms of no typing before a save
const MAX_PHOTO = 20 * 1024 * 1024;
const PHOTO = /\.(jpe?g|png|heic|heif|webp)$/i;

const $ = (id) => document.getElementById(id);
const text = $("text");
const backdrop = $("backdrop");
const gutterLines = $("gutter-lines");
const overlay = $("overlay");
const bubble = $("bubble");
const pages = $("pages");
const statusBox = $("status");

let sha = null;          // the file's version this editor's text is based on
let dirty = false;       // typed since the last save
let saving = false;
let saveAgain = false;
let saveTimer = null;
let state = null;        // the last state the server sent
let shownBuild = null;   // the build whose pages are shown
let bubbleClosed = null; // the mistakes (as JSON) the user put away: shut until they change
let lastCursor = 0;
let cursorLine = 1;      // the line the caret is on: the bubble tells that line's mistake
let renderQueued = false;
let message = null;      // a passing message for the status line (an upload, a download)

// ------------------------------------------------------------------ the editor

function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => { renderQueued = false; renderLines(); });
}

// Every mistake of the last build, in file order (a state from an older server has only
// the first, as ``error``).
function allErrors() {
  if (!state) return [];
  if (state.errors) return state.errors;
  return state.error ? [state.error] : [];
}

// The mistakes at a line of this editor's file, by line (a layout file's are not here).
function errorsByLine() {
  const lines = new Map();
  for (const error of allErrors()) {
    if (error.file || !error.line) continue;
    if (!lines.has(error.line)) lines.set(error.line, []);
    lines.get(error.line).push(error);
  }
  return lines;
}

function errorLine() {
  const lines = [...errorsByLine().keys()];
  return lines.length ? lines[0] : null;
}

function warningLines() {
  const good = state && !allErrors().length && state.good;
  return new Set(good ? good.warnings.filter((w) => w.line).map((w) => w.line) : []);
}

// The backdrop holds the same text as the textarea, one <div> per line, wrapped the same
// way: its line boxes give the line numbers their heights and the error its place.
function renderLines() {
  const lines = text.value.split("\n");
  const bad = errorsByLine();
  const warned = warningLines();
  backdrop.style.width = text.clientWidth + "px";
  const rows = lines.map((line, i) => {
    const row = document.createElement("div");
    row.textContent = line || "\u200b";
    if (bad.has(i + 1)) row.className = "error";
    else if (warned.has(i + 1)) row.className = "warning";
    return row;
  });
  backdrop.replaceChildren(...rows);
  const numbers = rows.map((row, i) => {
    const number = document.createElement("div");
    number.textContent = bad.has(i + 1) ? "! " + (i + 1) : i + 1;
    number.style.height = row.offsetHeight + "px";
    if (bad.has(i + 1)) number.className = "error";
    else if (warned.has(i + 1)) number.className = "warning";
    return number;
  });
  gutterLines.replaceChildren(...numbers);
  gutterLines.style.paddingTop = getComputedStyle(text).paddingTop;
  placeBubble();
  syncScroll();
}

function syncScroll() {
  const shift = "translateY(" + -text.scrollTop + "px)";
  backdrop.style.transform = shift;
  gutterLines.style.transform = shift;
  overlay.style.transform = shift;
}

// The bubble tells the mistake of the line the caret is on, or else the first one.
function placeBubble() {
  const bad = errorsByLine();
  const line = bad.has(cursorLine) ? cursorLine : errorLine();
  const row = line && backdrop.children[Math.min(line, backdrop.children.length) - 1];
  if (!row || bubbleClosed === JSON.stringify(allErrors())) { bubble.hidden = true; bubble.dataset.line = ""; return; }
  const count = allErrors().length;
  const here = bad.get(line);
  const which = allErrors().indexOf(here[0]) + 1;
  fill(bubble,
    el("span", { class: "close" }, "点击收起"),
    ...here.map((error, i) => el("div", i ? { class: "more" } : {},
      el("b", {}, "第 " + line + " 行："), error.message,
      error.hint ? el("div", { class: "hint" }, "怎么改：" + error.hint) : null,
      error.translated ? null : el("div", { class: "english" }, error.english))),
    count > 1 ? el("div", { class: "which" }, "这是第 " + which + " 处错误，共 " + count +
      " 处：全部列在右边版面的上方") : null);
  bubble.style.top = row.offsetTop + row.offsetHeight + 8 + "px";
  bubble.dataset.line = String(line);
  bubble.hidden = false;
}

// The caret moved: if it went to another line, the bubble may have another mistake to tell.
function cursorMoved() {
  lastCursor = text.selectionStart;
  const line = text.value.slice(0, lastCursor).split("\n").length;
  if (line === cursorLine) return;
  cursorLine = line;
  if (errorsByLine().size > 1) placeBubble();
}

function lineStart(line) {
  let index = 0;
  for (let n = 1; n < line; n++) {
    const next = text.value.indexOf("\n", index);
    if (next < 0) break;
    index = next + 1;
  }
  return index;
}

function goToLine(line, col) {
  const index = lineStart(line) + Math.max(0, (col || 1) - 1);
  text.focus();
  text.setSelectionRange(index, index);
  cursorMoved();
  const row = backdrop.children[line - 1];
  if (row) text.scrollTop = Math.max(0, row.offsetTop - text.clientHeight / 3);
  syncScroll();
}

function edited() {
  dirty = true;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, SAVE_AFTER);
  showStatus();
  scheduleRender();
}

text.addEventListener("input", edited);
text.addEventListener("scroll", syncScroll);
for (const kind of ["keyup", "click", "select", "blur"]) {
  text.addEventListener(kind, cursorMoved);
}
text.addEventListener("keydown", (event) => {
  if (event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey) {
    event.preventDefault(); // YAML is indented with spaces, never tabs
    text.setRangeText("  ", text.selectionStart, text.selectionEnd, "end");
    edited();
  }
});
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  }
});
window.addEventListener("resize", scheduleRender);
window.addEventListener("beforeunload", (event) => {
  if (dirty || saving) event.preventDefault();
});
bubble.addEventListener("click", () => { bubbleClosed = JSON.stringify(allErrors()); placeBubble(); });

// ------------------------------------------------------------------ saving

async function save(force) {
  clearTimeout(saveTimer);
  if (saving) { saveAgain = true; return; }
  if (!dirty && !force) return;
  saving = true;
  dirty = false;
  showStatus();
  try {
    const sent = await api("POST", "/api/save?" + Q,
      { text: text.value, base: force === "overwrite" ? null : sha });
    sha = sent.sha;
    $("conflict").hidden = true;
    apply(sent.state);
  } catch (e) {
    dirty = true;
    if (e.status === 409) $("conflict").hidden = false;
    else message = { text: "没有保存：" + e.message, bad: true };
  } finally {
    saving = false;
    showStatus();
    if (saveAgain) { saveAgain = false; save(); }
  }
}

$("save").addEventListener("click", () => save(true));
$("reload").addEventListener("click", () => reloadText(true));
$("overwrite").addEventListener("click", () => save("overwrite"));

async function reloadText(discard) {
  const data = await api("GET", "/api/issue?" + Q);
  if (dirty && !discard) return;
  if (data.text !== text.value) {
    const keep = text.selectionStart;
    text.value = data.text;
    text.setSelectionRange(keep, keep);
  }
  sha = data.sha;
  dirty = false;
  $("conflict").hidden = true;
  pickLayout();
  scheduleRender();
  showStatus();
}

// ------------------------------------------------------------------ the server's news

function apply(next) {
  if (!next || (state && next.version < state.version)) return;
  const before = allErrors();
  state = next;
  const errorChanged = JSON.stringify(allErrors()) !== JSON.stringify(before);
  if (errorChanged) bubbleClosed = null;
  if (state.good && state.good.number !== shownBuild) showPages(state.good);
  showProblem();
  showNotes();
  showStatus();
  scheduleRender();
  if (state.sha && sha && state.sha !== sha && !dirty && !saving) {
    reloadText(false); // changed by another program: shown here, as nothing is lost
  }
}

function showPages(good) {
  const number = good.number;
  const old = new Map([...pages.querySelectorAll("figure.page img")].map((img) => [img.dataset.key, img]));
  const images = good.pages.map((page, i) => {
    const kept = old.get(page.key);
    if (kept) { old.delete(page.key); return kept; } // drawn as before: not fetched again
    const img = new Image(page.width, page.height);
    img.alt = "第 " + (i + 1) + " 页";
    img.dataset.key = page.key;
    img.src = "/api/page?" + Q + "&n=" + (i + 1) + "&k=" + page.key;
    return img;
  });
  // Swap only when every new page has loaded: no flash of half-drawn pages.
  Promise.all(images.map((img) => img.decode().catch(() => null))).then(() => {
    if (!state || !state.good || state.good.number !== number) return;
    shownBuild = number;
    const top = $("drop").scrollTop;
    pages.replaceChildren(...images.map((img, i) =>
      el("figure", { class: "page" }, img,
        el("figcaption", { class: "number" }, "第 " + (i + 1) + " 页 / 共 " + images.length + " 页"))));
    pages.dataset.build = String(number);
    $("drop").scrollTop = top;
    showProblem();
  });
}

// Where a mistake is, for the bar: this file's line (with a link there), a layout file's
// line, or nowhere in particular.
function whereText(error, several) {
  if (error.file) return "版式文件 " + error.file + (error.line ? " 第 " + error.line + " 行" : "") + "：";
  if (error.line) return "第 " + error.line + " 行" + (several ? "" : "有错误") + "：";
  return several ? "" : "有错误：";
}

function jumpLink(error) {
  if (error.file || !error.line) return null;
  const go = (event) => {
    event.preventDefault();
    goToLine(error.line, error.col);
    bubbleClosed = null; // asked for: the bubble tells it again
    placeBubble();
  };
  return el("a", { href: "#", onclick: go }, "跳到这一行");
}

function showProblem() {
  const box = $("problem");
  const errors = allErrors();
  const error = errors[0];
  pages.classList.toggle("stale", Boolean(error) || Boolean(state && state.good && state.good.earlier));
  if (!error) {
    if (state && state.good && state.good.earlier) {
      box.replaceChildren(el("span", { class: "kept" },
        "这是以前排好的版面，正在重新排版…"));
      box.hidden = false;
    } else {
      box.hidden = true;
    }
    return;
  }
  const kept = shownBuild !== null
    ? "下面仍是上一次排好的版面，改好后会自动更新。" : "改好后这里会显示排好的版面。";
  if (errors.length === 1) {
    fill(box,
      el("b", {}, whereText(error, false)), error.message, "。",
      error.hint ? el("div", {}, "怎么改：" + error.hint) : null,
      el("div", { class: "kept" }, kept, " ", jumpLink(error)),
      error.translated ? null : el("div", { class: "english" }, "英文说明：" + error.english));
  } else {
    // Several mistakes: all of them, each with its line and a link there, so they can
    // all be put right before the next build.
    fill(box,
      el("b", { class: "count" }, "有 " + errors.length + " 处错误，版面没有更新"),
      el("span", { class: "kept" }, " " + kept),
      el("ol", { class: "errors" }, ...errors.map((one) => el("li", { "data-line": one.line || "" },
        el("b", {}, whereText(one, true)), one.message, "。", jumpLink(one),
        one.hint ? el("div", { class: "hint" }, "怎么改：" + one.hint) : null,
        one.translated ? null : el("div", { class: "english" }, "英文说明：" + one.english)))));
  }
  box.hidden = false;
  if (shownBuild === null && !pages.querySelector("figure")) {
    pages.replaceChildren(el("p", { class: "waiting" }, "还没有排好的版面。"));
  }
}

function showNotes() {
  const box = $("notes");
  const good = state && !allErrors().length && state.good;
  const notes = good ? good.warnings : [];
  if (!notes.length) { box.hidden = true; return; }
  box.replaceChildren(el("b", {}, "提示："), ...notes.map((note) =>
    el("div", {}, note.line
      ? el("a", { onclick: () => goToLine(note.line) }, "第 " + note.line + " 行") : null,
      note.line ? "：" : "", note.text)));
  box.hidden = false;
}

function showStatus() {
  let words = "";
  let kind = "";
  if (message) {
    words = message.text;
    kind = message.bad ? "bad" : message.busy ? "busy" : "ok";
  } else if (dirty) {
    words = "有修改，停止打字后会自动保存…"; kind = "busy";
  } else if (saving || (state && state.building)) {
    words = "正在排版…"; kind = "busy";
  } else if (allErrors().length) {
    const lines = [...errorsByLine().keys()];
    const count = allErrors().length;
    const shown = lines.slice(0, 6).join("、") + (lines.length > 6 ? " 等" : "");
    words = "✗ " + (count > 1 ? "有 " + count + " 处错误" : "有错误") + "，版面没有更新" +
      (lines.length ? "（见第 " + shown + " 行）" : "");
    kind = "bad";
  } else if (state && state.good && !state.good.earlier) {
    words = "✓ 已保存并排好：共 " + state.good.pages.length + " 页，用时 " +
      state.good.seconds.toFixed(1) + " 秒（" + timeText(state.good.when) + "）";
    kind = "ok";
  } else {
    words = "正在打开…";
  }
  statusBox.textContent = words;
  statusBox.className = "status " + kind;
}

function say(words, kind) {
  message = words ? { text: words, bad: kind === "bad", busy: kind === "busy" } : null;
  showStatus();
  if (words && kind !== "busy") setTimeout(() => { if (message && message.text === words) say(null); }, 6000);
}

// ------------------------------------------------------------------ layouts

function currentLayout() {
  const m = /^layout[ \t]*:[ \t]*(.*?)[ \t]*(#.*)?$/m.exec(text.value);
  return m ? m[1].replace(/^(['"])(.*)\1$/, "$2") : "newsletter-a4";
}

function pickLayout() {
  const select = $("layout");
  const value = currentLayout();
  if (![...select.options].some((o) => o.value === value)) {
    select.append(el("option", { value }, "文件里写的：" + value));
  }
  select.value = value;
}

$("layout").addEventListener("change", (event) => {
  const value = event.target.value;
  const written = /^[\w./\-\u4e00-\u9fff]+$/.test(value) ? value : JSON.stringify(value);
  const line = "layout: " + written;
  let value2 = text.value;
  if (/^layout[ \t]*:.*$/m.test(value2)) value2 = value2.replace(/^layout[ \t]*:.*$/m, line);
  else if (/^articles[ \t]*:/m.test(value2)) value2 = value2.replace(/^articles[ \t]*:/m, line + "\n\n$&");
  else value2 = value2.replace(/\n*$/, "\n" + line + "\n");
  text.value = value2;
  edited();
  save();
});

// ------------------------------------------------------------------ photos

// The list item the cursor is in: a new block goes after it, at its indentation
// (in an article's head, under its body:).
function blockPlace(lines, at) {
  const head = /^(\s*)-\s+(title|column|kicker|subtitle|byline|lead|body|source|signed|signed_date)\s*:/;
  let indent = null;
  let line = at;
  for (let i = at; i >= 0 && indent === null; i--) {
    const item = /^(\s*)-\s/.exec(lines[i]);
    const body = /^(\s*)body\s*:/.exec(lines[i]);
    if (body) { indent = body[1].length + 2; line = i; break; }
    if (!item) continue;
    if (!head.test(lines[i])) { indent = item[1].length; line = Math.max(i, at); break; }
    for (let j = i + 1; j < lines.length; j++) {
      const b = /^(\s*)body\s*:/.exec(lines[j]);
      if (b) { indent = b[1].length + 2; line = j; break; }
      if (head.test(lines[j])) break;
    }
    if (indent === null) { indent = item[1].length + 4; line = i; }
  }
  if (indent === null) { indent = 6; line = at; }
  // past the rest of the item (a caption under an image, a folded paragraph)
  while (line + 1 < lines.length && lines[line + 1].trim() &&
         lines[line + 1].search(/\S/) > indent) line++;
  return { indent, line };
}

function insertImage(path) {
  const lines = text.value.split("\n");
  const at = text.value.slice(0, lastCursor).split("\n").length - 1;
  const { indent, line } = blockPlace(lines, at);
  const written = /^[\w./\-\u4e00-\u9fff]+$/.test(path) ? path : JSON.stringify(path);
  lines.splice(line + 1, 0, " ".repeat(indent) + "- image: " + written);
  text.value = lines.join("\n");
  const end = lineStart(line + 2) + lines[line + 1].length;
  text.setSelectionRange(end, end);
  lastCursor = end;
  edited();
}

async function addPhotos(files) {
  for (const file of files) {
    if (!PHOTO.test(file.name)) {
      say("“" + file.name + "”不是照片：只能插入 JPEG、PNG、HEIC 或 WebP", "bad");
      continue;
    }
    if (file.size > MAX_PHOTO) {
      say("照片“" + file.name + "”太大了（最多 20 MB）", "bad");
      continue;
    }
    say("正在复制照片“" + file.name + "”…", "busy");
    try {
      const done = await api("POST", "/api/upload?" + Q + "&name=" + encodeURIComponent(file.name),
        file, { "Content-Type": "application/octet-stream" });
      insertImage(done.path);
      say("已插入照片：" + done.path, "ok");
    } catch (e) {
      say("照片没有插入：" + e.message, "bad");
    }
  }
  save();
}

$("photo-button").addEventListener("click", () => $("photo-input").click());
$("photo-input").addEventListener("change", (event) => {
  addPhotos([...event.target.files]);
  event.target.value = "";
});

let dragDepth = 0;
const hasFiles = (event) => [...(event.dataTransfer ? event.dataTransfer.types : [])].includes("Files");
document.addEventListener("dragenter", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dragDepth++;
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) document.body.classList.remove("dragging");
});
document.addEventListener("dragover", (event) => {
  if (hasFiles(event)) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dragDepth = 0;
  document.body.classList.remove("dragging");
  addPhotos([...event.dataTransfer.files]);
});

// ------------------------------------------------------------------ downloads

const menu = $("download-menu");
$("download-button").addEventListener("click", (event) => {
  event.stopPropagation();
  menu.hidden = !menu.hidden;
  $("download-button").setAttribute("aria-expanded", String(!menu.hidden));
});
document.addEventListener("click", (event) => {
  if (!menu.hidden && !$("downloads").contains(event.target)) menu.hidden = true;
});

function fileLink(name) {
  return el("a", { href: "/api/file?" + Q + "&name=" + encodeURIComponent(name), download: name }, name);
}

for (const button of menu.querySelectorAll("button[data-kind]")) {
  button.addEventListener("click", async () => {
    const kind = button.dataset.kind;
    if (dirty) await save();
    say(kind === "png" ? "正在生成 PNG 图片…" : "正在生成 PDF…", "busy");
    button.disabled = true;
    try {
      const made = await api("POST", "/api/export?" + Q, { kind });
      const links = made.files.map((file) => fileLink(file.name));
      $("download-list").replaceChildren(...links);
      if (links.length === 1) links[0].click();
      say(links.length === 1 ? "已生成 " + made.files[0].name : "已生成 " + links.length +
        " 张图片：点下面的文件名下载", "ok");
    } catch (e) {
      say("没有生成：" + e.message, "bad");
    } finally {
      button.disabled = false;
    }
  });
}

// ------------------------------------------------------------------ start

async function start() {
  let data;
  try {
    data = await api("GET", "/api/issue?" + Q);
  } catch (e) {
    say(e.message, "bad");
    return;
  }
  document.title = data.name + " · 社区报工作室";
  $("file-name").textContent = data.name;
  text.value = data.text;
  sha = data.sha;
  const select = $("layout");
  select.replaceChildren(...data.layouts.map((c) => el("option", { value: c.value }, c.label)));
  pickLayout();
  apply(data.state);
  renderLines();
  const events = new EventSource("/api/events?" + Q);
  events.onmessage = (event) => apply(JSON.parse(event.data));
  events.onerror = () => say("和工作室的连接断了，正在重新连接…（工作室是不是关了？）", "bad");
  events.onopen = () => { if (message && message.bad) say(null); };
}

start();
