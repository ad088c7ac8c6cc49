import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, nonce, webviewHtml } from './webviewHtml.js';

describe('network webview HTML', () => {
  const html = webviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/network.js',
    style: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/network.css',
    nonce: 'abc123',
  });

  it('has a strict Content-Security-Policy: nothing by default, scripts only by nonce', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBe(contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123'));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-abc123'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).not.toMatch(/\bhttps?:\/\/(?!file\+\.vscode-resource)/);
  });

  it('loads only the bundled script and style, each with the nonce', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('nonce="abc123"');
    expect(scripts[0]).toContain('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/network.js"');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.every((u) => u!.startsWith('https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/'))).toBe(true);
  });

  it('makes a new nonce each time', () => {
    const a = nonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce()).not.toBe(a);
  });
});
