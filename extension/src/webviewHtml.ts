/** The network webview's HTML shell and messages (pure, unit-tested: the CSP must stay strict). */
import type { GraphResult } from '@rapport/language-server/protocol';

export type ToWebview = { type: 'graph'; graph: GraphResult } | { type: 'error'; message: string };
export type FromWebview = { type: 'ready' } | { type: 'open'; uri: string };

/** A fresh random nonce (base64 of 16 random bytes). */
export function nonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Content-Security-Policy: nothing by default; scripts only with this page's nonce; styles and
 * images only from the extension's own webview resources (cytoscape draws on a canvas).
 */
export function contentSecurityPolicy(cspSource: string, n: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${cspSource} 'nonce-${n}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function webviewHtml(opts: { cspSource: string; script: string; style: string; nonce?: string }): string {
  const n = opts.nonce ?? nonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(opts.cspSource, n))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${n}" href="${attr(opts.style)}">
<title>Rapport network</title>
</head>
<body>
<header id="toolbar">
  <input id="search" type="search" placeholder="Find a person, organization, program or event (Enter opens it)" aria-label="Find in network">
  <span id="filters" role="group" aria-label="Show entity types"></span>
  <button id="fit" type="button" title="Fit the whole network in view">Fit</button>
  <button id="relayout" type="button" title="Lay the network out again">Re-layout</button>
  <span id="stats" aria-live="polite"></span>
</header>
<div id="graph" role="img" aria-label="Network graph"></div>
<p id="message" hidden></p>
<script nonce="${n}" src="${attr(opts.script)}"></script>
</body>
</html>
`;
}
