/**
 * The pages' one stylesheet: small, readable on a phone, light and dark
 * (prefers-color-scheme), with visible focus. It is served under a name
 * holding its content hash, computed once when the module loads, so it can
 * be cached for a year: a changed stylesheet is a new URL.
 */
import { createHash } from "node:crypto"

export const css = `:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--link:#0645ad;\
--accent:#7a3e00;--badge-bg:#ffe8cc;--focus:#1a5fb4;--card:#f6f6f6}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#b0b0b0;--line:#3a3a3a;\
--link:#8ab4f8;--accent:#ffcf99;--badge-bg:#4a2c00;--focus:#8ab4f8;--card:#1e1e1e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--focus);\
outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:48rem;margin:0 auto;padding:.75rem 1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid var(--line)}
header .brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--fg)}
nav ul,.links{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
form.search{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
input,select,button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);padding:.25rem .5rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.25rem 0 .5rem}
.items{list-style:none;padding:0;margin:0}
.items>li{padding:.6rem 0;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);font-size:.875rem;margin:.15rem 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:0 .4rem;border-radius:.5rem;\
background:var(--badge-bg);color:var(--accent);border:1px solid var(--accent)}
.current{font-weight:700;text-decoration:none;color:var(--fg)}
.thread,.thread ul{list-style:none;margin:0;padding:0}
.thread ul{padding-left:1rem;border-left:2px solid var(--line);margin-left:.25rem}
.thread article{padding:.35rem 0}
.deleted{color:var(--muted);font-style:italic}
.pager{display:flex;gap:1rem;margin:1rem 0}
.card{background:var(--card);padding:.75rem;border-radius:.5rem}
footer{color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
@media (max-width:30rem){body{font-size:15px}header,main,footer{padding:.5rem .75rem}}
`

/** The first 16 hex digits of the stylesheet's SHA-256: its name in URLs. */
export const hash = createHash("sha256").update(css).digest("hex").slice(0, 16)

export const href = `/static/holonet.${hash}.css`

export const bytes = new TextEncoder().encode(css)
