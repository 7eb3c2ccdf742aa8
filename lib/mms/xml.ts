/**
 * Safe, namespace-agnostic XML reading for MM7 and SMIL.
 *
 * Two parsers produce the same small tree (XNode):
 *  - a hand-written single-pass scanner (the fast path: MM7 bodies are small, flat and machine-written, and the
 *    inbound delivery-report gateway parses thousands per second);
 *  - fast-xml-parser as the general path, used whenever the scanner meets anything it does not handle on purpose
 *    (processing instructions inside the document, unknown entity references, malformed markup). Its validator
 *    produces the error for genuinely broken XML.
 * Both refuse DTDs up front: any "<!DOCTYPE" or "<!ENTITY" is rejected before parsing, which rules out XXE and
 * entity-expansion ("billion laughs") attacks regardless of parser options.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { XmlError } from "./errors";

export interface XNode {
  /** Local name (prefix removed), case as written. */
  name: string;
  prefix: string;
  /** Attributes by local name (prefix removed); xmlns declarations are kept under "xmlns" / "xmlns:p". */
  attrs: Record<string, string>;
  children: XNode[];
  /** Concatenated character data directly inside this element (entities decoded, not trimmed). */
  text: string;
}

export interface XmlParseOptions {
  /** Deepest element nesting accepted. */
  maxDepth?: number;
  /** Force the general parser (tests use this to cross-check the fast path). */
  forceGeneral?: boolean;
}

const DEFAULT_MAX_DEPTH = 64;

/** Reject DTDs before any parser sees the text. */
export function assertNoDtd(xml: string): void {
  // Case-insensitive and whitespace tolerant: "<!doctype", "< !DOCTYPE" are not valid XML anyway, but a lenient
  // downstream parser must never get the chance to interpret them.
  if (/<!\s*(doctype|entity|element|attlist|notation)/i.test(xml)) {
    throw new XmlError("XML_DTD_REFUSED", "XML with a DTD or entity declarations is refused");
  }
}

export function parseXml(xml: string, options: XmlParseOptions = {}): XNode {
  assertNoDtd(xml);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!options.forceGeneral) {
    const fast = scanXml(xml, maxDepth);
    if (fast) return fast;
  }
  return generalParse(xml, maxDepth);
}

// ---------------------------------------------------------------------------------------------------------------
// Fast path

const BAIL = null;

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(":");
  return i < 0 ? ["", qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function isNameChar(c: number): boolean {
  return c > 32 && c !== 62 /* > */ && c !== 47 /* / */ && c !== 61 /* = */ && c !== 34 && c !== 39 && c !== 60;
}

/** Returns null when the input uses something the scanner leaves to the general parser. Throws only for depth. */
function scanXml(s: string, maxDepth: number): XNode | null {
  const n = s.length;
  let i = 0;
  const stack: XNode[] = [];
  const qnames: string[] = [];
  let root: XNode | null = null;
  while (i < n) {
    const lt = s.indexOf("<", i);
    if (lt < 0) {
      if (stack.length) return BAIL;
      if (s.slice(i).trim()) return BAIL;
      break;
    }
    if (lt > i) {
      const raw = s.slice(i, lt);
      if (stack.length) {
        const t = raw.indexOf("&") >= 0 ? decodeEntities(raw) : raw;
        if (t === null) return BAIL;
        stack[stack.length - 1].text += t;
      } else if (raw.trim() && !(lt === i)) {
        // Text outside the root element: tolerate a BOM / whitespace only.
        if (raw.replace(/^\uFEFF/, "").trim()) return BAIL;
      }
    }
    i = lt + 1;
    const c = s.charCodeAt(i);
    if (c === 63 /* ? */) {
      // XML declaration or PI: only accepted before the root.
      if (stack.length || root) return BAIL;
      const end = s.indexOf("?>", i);
      if (end < 0) return BAIL;
      i = end + 2;
      continue;
    }
    if (c === 33 /* ! */) {
      if (s.startsWith("!--", i)) {
        const end = s.indexOf("-->", i + 3);
        if (end < 0) return BAIL;
        i = end + 3;
        continue;
      }
      if (s.startsWith("![CDATA[", i)) {
        if (!stack.length) return BAIL;
        const end = s.indexOf("]]>", i + 8);
        if (end < 0) return BAIL;
        stack[stack.length - 1].text += s.slice(i + 8, end);
        i = end + 3;
        continue;
      }
      return BAIL;
    }
    if (c === 47 /* / */) {
      const end = s.indexOf(">", i);
      if (end < 0) return BAIL;
      const qn = s.slice(i + 1, end).trim();
      if (!stack.length || qnames[qnames.length - 1] !== qn) return BAIL;
      stack.pop();
      qnames.pop();
      i = end + 1;
      continue;
    }
    // Start tag
    let j = i;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    const qn = s.slice(i, j);
    if (!qn) return BAIL;
    const [prefix, name] = splitName(qn);
    const node: XNode = { name, prefix, attrs: {}, children: [], text: "" };
    // Attributes
    let selfClose = false;
    for (;;) {
      while (j < n && s.charCodeAt(j) <= 32) j++;
      if (j >= n) return BAIL;
      const ch = s.charCodeAt(j);
      if (ch === 62) {
        j++;
        break;
      }
      if (ch === 47) {
        if (s.charCodeAt(j + 1) !== 62) return BAIL;
        selfClose = true;
        j += 2;
        break;
      }
      const a0 = j;
      while (j < n && isNameChar(s.charCodeAt(j))) j++;
      const an = s.slice(a0, j);
      if (!an) return BAIL;
      while (j < n && s.charCodeAt(j) <= 32) j++;
      if (s.charCodeAt(j) !== 61) return BAIL;
      j++;
      while (j < n && s.charCodeAt(j) <= 32) j++;
      const q = s.charCodeAt(j);
      if (q !== 34 && q !== 39) return BAIL;
      const vEnd = s.indexOf(q === 34 ? '"' : "'", j + 1);
      if (vEnd < 0) return BAIL;
      let v: string | null = s.slice(j + 1, vEnd);
      if (v.indexOf("<") >= 0) return BAIL;
      if (v.indexOf("&") >= 0) v = decodeEntities(v);
      if (v === null) return BAIL;
      j = vEnd + 1;
      const key = an.startsWith("xmlns") ? an : splitName(an)[1];
      if (key in node.attrs && !an.startsWith("xmlns")) {
        // Duplicate local attribute names across prefixes: first wins, like most tolerant readers.
      } else node.attrs[key] = v;
    }
    i = j;
    if (stack.length) stack[stack.length - 1].children.push(node);
    else if (root) return BAIL;
    else root = node;
    if (!selfClose) {
      stack.push(node);
      qnames.push(qn);
      if (stack.length > maxDepth) throw new XmlError("XML_TOO_DEEP", `XML nesting deeper than ${maxDepth}`);
    }
  }
  if (stack.length || !root) return BAIL;
  return root;
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decode the five predefined entities and character references; null for anything else (general parser then). */
export function decodeEntities(s: string): string | null {
  let out = "";
  let last = 0;
  for (let i = s.indexOf("&"); i >= 0; i = s.indexOf("&", last)) {
    const semi = s.indexOf(";", i + 1);
    if (semi < 0 || semi - i > 12) return null;
    const ent = s.slice(i + 1, semi);
    let rep: string | undefined;
    if (ent.charCodeAt(0) === 35 /* # */) {
      const cp = ent[1] === "x" || ent[1] === "X" ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff) return null;
      rep = String.fromCodePoint(cp);
    } else rep = NAMED[ent];
    if (rep === undefined) return null;
    out += s.slice(last, i) + rep;
    last = semi + 1;
  }
  return out + s.slice(last);
}

// ---------------------------------------------------------------------------------------------------------------
// General path (fast-xml-parser)

type FxpNode = Record<string, unknown>;

function generalParse(xml: string, maxDepth: number): XNode {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new XmlError("XML_MALFORMED", `malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    attributesGroupName: ":@",
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: "#cdata",
    maxNestedTags: maxDepth,
  } as ConstructorParameters<typeof XMLParser>[0]);
  let out: FxpNode[];
  try {
    out = parser.parse(xml) as FxpNode[];
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/nest/i.test(msg)) throw new XmlError("XML_TOO_DEEP", `XML nesting deeper than ${maxDepth}`);
    throw new XmlError("XML_MALFORMED", `malformed XML: ${msg}`, { cause: e });
  }
  const roots = convertList(out, 0, maxDepth);
  if (roots.length !== 1) throw new XmlError("XML_MALFORMED", "XML must have exactly one root element");
  return roots[0];
}

function decodeOrThrow(s: string): string {
  if (s.indexOf("&") < 0) return s;
  const d = decodeEntities(s);
  if (d === null) throw new XmlError("XML_ENTITY_REFUSED", "undefined entity reference in XML");
  return d;
}

function convertList(list: FxpNode[], depth: number, maxDepth: number, parent?: XNode): XNode[] {
  if (depth > maxDepth) throw new XmlError("XML_TOO_DEEP", `XML nesting deeper than ${maxDepth}`);
  const nodes: XNode[] = [];
  for (const item of list) {
    for (const key of Object.keys(item)) {
      if (key === ":@") continue;
      const val = item[key];
      if (key === "#text") {
        if (parent) parent.text += decodeOrThrow(String(val));
        continue;
      }
      if (key === "#cdata") {
        if (parent && Array.isArray(val)) {
          for (const c of val as FxpNode[]) if (c["#text"] !== undefined) parent.text += String(c["#text"]);
        }
        continue;
      }
      if (key.startsWith("?") || key.startsWith("!")) continue;
      const [prefix, name] = splitName(key);
      const node: XNode = { name, prefix, attrs: {}, children: [], text: "" };
      const rawAttrs = (item[":@"] ?? {}) as Record<string, unknown>;
      for (const [an, av] of Object.entries(rawAttrs)) {
        const k = an.startsWith("xmlns") ? an : splitName(an)[1];
        if (!(k in node.attrs)) node.attrs[k] = decodeOrThrow(String(av));
      }
      node.children = convertList((Array.isArray(val) ? val : []) as FxpNode[], depth + 1, maxDepth, node);
      nodes.push(node);
    }
  }
  return nodes;
}

// ---------------------------------------------------------------------------------------------------------------
// Tree helpers (all lookups by lowercase local name: real MMSCs disagree on prefixes and occasionally on case)

export function lname(n: XNode): string {
  return n.name.toLowerCase();
}

export function child(n: XNode | undefined, name: string): XNode | undefined {
  if (!n) return undefined;
  for (const c of n.children) if (lname(c) === name) return c;
  return undefined;
}

export function children(n: XNode | undefined, name: string): XNode[] {
  return n ? n.children.filter((c) => lname(c) === name) : [];
}

export function childText(n: XNode | undefined, name: string): string | undefined {
  const c = child(n, name);
  return c ? c.text.trim() : undefined;
}

/** Resolve the namespace URI in scope for a node's prefix, walking the given ancestor chain. */
export function namespaceOf(chain: XNode[], node: XNode): string | undefined {
  const key = node.prefix ? `xmlns:${node.prefix}` : "xmlns";
  if (node.attrs[key] !== undefined) return node.attrs[key];
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = chain[i].attrs[key];
    if (v !== undefined) return v;
  }
  return undefined;
}

const ESC_RE = /[&<>"']/;
export function escapeXml(s: string): string {
  if (!ESC_RE.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
