/**
 * "Rapport: Show network": a webview with the interactive graph the server sends (rapport/graph).
 *
 * The graph is drawn by cytoscape, bundled into dist/webview/network.js: no remote resource is
 * ever loaded, and the Content-Security-Policy allows only our own script (by nonce) and styles.
 */
import * as vscode from 'vscode';
import type { GraphResult } from '@rapport/language-server/protocol';
import { webviewHtml, type FromWebview } from './webviewHtml.js';

export class NetworkPanel implements vscode.Disposable {
  static readonly viewType = 'rapport.network';
  private static current: NetworkPanel | undefined;

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  static async show(
    context: vscode.ExtensionContext,
    fetchGraph: () => Promise<GraphResult>,
    open: (uri: string) => Promise<void>,
  ): Promise<NetworkPanel> {
    if (NetworkPanel.current) {
      NetworkPanel.current.panel.reveal();
      await NetworkPanel.current.update();
      return NetworkPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(NetworkPanel.viewType, 'Rapport network', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
    });
    NetworkPanel.current = new NetworkPanel(panel, context, fetchGraph, open);
    return NetworkPanel.current;
  }

  /** Refresh the open panel, if any (after rapport/didChange). */
  static refresh(): void {
    void NetworkPanel.current?.update();
  }

  private constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly fetchGraph: () => Promise<GraphResult>,
    private readonly open: (uri: string) => Promise<void>,
  ) {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'rapport.svg');
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'network.js'));
    const style = panel.webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'network.css'));
    panel.webview.html = webviewHtml({ cspSource: panel.webview.cspSource, script: script.toString(), style: style.toString() });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage(
      (msg: FromWebview) => {
        if (msg.type === 'ready') {
          this.ready = true;
          void this.update();
        } else if (msg.type === 'open' && typeof msg.uri === 'string') {
          void this.open(msg.uri);
        }
      },
      undefined,
      this.disposables,
    );
  }

  async update(): Promise<void> {
    if (!this.ready) return;
    try {
      const graph = await this.fetchGraph();
      await this.panel.webview.postMessage({ type: 'graph', graph });
    } catch (e) {
      await this.panel.webview.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  dispose(): void {
    NetworkPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
