/** A generic tree view over `render.ts` nodes: each view only says how to fetch its nodes. */
import * as vscode from 'vscode';
import type { Node } from './render.js';

export const OPEN_COMMAND = 'rapport.open';

export function toTreeItem(node: Node): vscode.TreeItem {
  const state = node.children
    ? node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
    : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  if (node.description !== undefined) item.description = node.description;
  if (node.tooltip !== undefined) item.tooltip = node.tooltip;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
  if (node.contextValue) item.contextValue = node.contextValue;
  if (node.open) {
    // Rows with children expand on click; they open their note from the context menu instead.
    if (!node.children || node.children.length === 0) {
      item.command = { command: OPEN_COMMAND, title: 'Open', arguments: [node] };
    }
  }
  return item;
}

export class NodeTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] | undefined;
  private parents = new Map<string, Node>();
  private loading: Promise<Node[]> | undefined;

  constructor(
    private readonly fetch: () => Promise<Node[]>,
    private readonly onError: (e: unknown) => void,
  ) {}

  refresh(): void {
    this.roots = undefined;
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  /** The current roots (fetching them when needed). */
  async nodes(): Promise<Node[]> {
    if (this.roots) return this.roots;
    if (!this.loading) {
      this.loading = this.fetch().then(
        (roots) => {
          this.parents.clear();
          const walk = (n: Node) => n.children?.forEach((c) => (this.parents.set(c.id, n), walk(c)));
          roots.forEach(walk);
          this.roots = roots;
          return roots;
        },
        (e: unknown) => {
          this.loading = undefined;
          this.onError(e);
          return [];
        },
      );
    }
    return this.loading;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return toTreeItem(node);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.nodes();
    return node.children ?? [];
  }

  getParent(node: Node): Node | undefined {
    return this.parents.get(node.id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
