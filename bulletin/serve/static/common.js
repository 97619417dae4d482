// 社区报工作室: what both pages use. Every request that changes something carries the
// server's token (from the page's <meta>), which another web site cannot read.
"use strict";

const TOKEN = document.querySelector('meta[name="bulletin-token"]').content;

async function api(method, url, body, headers) {
  const options = { method, headers: Object.assign({}, headers || {}) };
  if (method !== "GET") options.headers["X-Bulletin-Token"] = TOKEN;
  if (body !== undefined) {
    if (body instanceof Blob) {
      options.body = body;
    } else {
      options.body = JSON.stringify(body);
      options.headers["Content-Type"] = "application/json";
    }
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new Error("连不上工作室：它是不是已经关闭了？");
  }
  let data = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) data = await response.json();
  else if (!response.ok) data = { error: await response.text() };
  if (!response.ok) {
    const error = new Error((data && data.error) || "出错了（" + response.status + "）");
    error.status = response.status;
    throw error;
  }
  return data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// replaceChildren() would print a null as "null": leave out what is not there.
function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

function timeText(seconds) {
  const when = new Date(seconds * 1000);
  const now = new Date();
  const hm = when.toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" });
  if (when.toDateString() === now.toDateString()) return "今天 " + hm;
  return (when.getMonth() + 1) + "月" + when.getDate() + "日 " + hm;
}
