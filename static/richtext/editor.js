// The rich-text editor of the officer admin: django-prose-editor's ProseMirror editor on
// every <textarea data-rich-text>, offering only what the public page and the PDFs show
// (paragraphs, headings, lists, tables, links, bold, italic). The server sanitises
// whatever arrives (pcc_portal/richtext.py), so this is a convenience, not a gate.
//
// Loaded as a module by a relative path rather than through an import map: an import
// map is an inline script, which the site's content security policy forbids.
import {
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Extension,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Italic,
  initializeEditors,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Plugin,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
} from "../django_prose_editor/editor.js"

// Word (desktop) puts a list on the clipboard as paragraphs styled "mso-list:l0 level1",
// each starting with its bullet or number as text. Turn such runs into real lists so
// that pasting from Word keeps them.
const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i
const ORDERED_MARKER = /^\s*(\(?[0-9]+|[a-z]|[ivxlc]+)[.)]/i

function markerText(paragraph) {
  const ignored = paragraph.querySelector("[style*='mso-list:Ignore' i]")
  return ignored ? ignored.textContent : ""
}

function removeMarker(paragraph) {
  for (const ignored of paragraph.querySelectorAll("[style*='mso-list:Ignore' i]")) {
    ignored.remove()
  }
  // Chromium keeps Word's conditional comments; the marker sits between them.
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_COMMENT)
  const comments = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  for (const start of comments.filter((c) => /\[if !supportLists\]/.test(c.data))) {
    let node = start.nextSibling
    while (node && !(node.nodeType === Node.COMMENT_NODE && /\[endif\]/.test(node.data))) {
      const next = node.nextSibling
      node.remove()
      node = next
    }
  }
}

export function wordListsToHtmlLists(html) {
  if (!/mso-list/i.test(html)) return html
  const doc = new DOMParser().parseFromString(html, "text/html")
  let stack = [] // the open lists of the current run, outermost first: {list, level}
  let outermost = null
  for (const paragraph of doc.body.querySelectorAll("p")) {
    const match = MSO_LIST.exec(paragraph.getAttribute("style") || "")
    if (!match) continue
    if (!outermost || paragraph.previousElementSibling !== outermost) stack = []
    const level = Number(match[2])
    const ordered = ORDERED_MARKER.test(markerText(paragraph))
    removeMarker(paragraph)
    while (stack.length && stack[stack.length - 1].level > level) stack.pop()
    let top = stack[stack.length - 1]
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? "ol" : "ul")
      if (top) {
        top.list.lastElementChild.append(list)
      } else {
        paragraph.before(list)
        outermost = list
      }
      top = { list, level }
      stack.push(top)
    }
    const item = doc.createElement("li")
    item.append(...paragraph.childNodes)
    top.list.append(item)
    paragraph.remove()
  }
  return doc.body.innerHTML
}

const PasteFromWord = Extension.create({
  name: "pasteFromWord",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: wordListsToHtmlLists } })]
  },
})

function actuallyEmpty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
}

// The editable area is what a screen reader meets, so it carries the field's label.
function accessibleName(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`)
  return (label ? label.textContent : textarea.name).replace(/:\s*$/, "").trim()
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const element = document.createElement("div")
  element.className = "prose-editor"
  textarea.before(element)
  element.append(textarea)
  const editor = new Editor({
    element,
    // Tiptap's own styles would be an inline <style>, refused by the content security
    // policy; the same rules are in richtext/editor.css.
    injectCSS: false,
    editorProps: {
      attributes: { "aria-label": accessibleName(textarea), "aria-multiline": "true" },
    },
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      History,
      Dropcursor,
      Gapcursor,
      Menu,
      Heading.configure({ levels: [2, 3, 4] }),
      Bold,
      Italic,
      BulletList,
      OrderedList,
      ListItem,
      Link,
      Table,
      TableRow,
      TableHeader,
      TableCell,
      PasteFromWord,
    ],
    content: textarea.value,
    onUpdate({ editor }) {
      textarea.value = actuallyEmpty(editor.getHTML())
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
  textarea.dispatchEvent(
    new CustomEvent("rich-text:ready", { detail: { editor }, bubbles: true }),
  )
  return editor
}

initializeEditors(createEditor, "textarea[data-rich-text]")
