-- Headless neovim (0.7.2+) as an LSP client of Rapport's server: opens a note and waits for its
-- overdue diagnostic. Prints one line per diagnostic ("DIAG <line> <severity> <message>") and
-- exits 0 when an overdue diagnostic arrived, 1 otherwise.
local server = assert(os.getenv('RAPPORT_SERVER'), 'RAPPORT_SERVER is not set')
local root = assert(os.getenv('RAPPORT_ROOT'), 'RAPPORT_ROOT is not set')
local file = assert(os.getenv('RAPPORT_FILE'), 'RAPPORT_FILE is not set')

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local client_id = vim.lsp.start_client({
  name = 'rapport',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'notes' } },
  on_exit = function(code) out('EXIT ' .. tostring(code)) end,
})
if not client_id then
  out('FAIL could not start the server')
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

local found = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if string.find(d.message, 'overdue', 1, true) then return true end
  end
  return false
end, 50)

for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(string.format('DIAG %d %d %s', d.lnum, d.severity, d.message))
end

-- Hover on the organization link, through the same client.
local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 5, character = 20 } }
local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
for _, r in pairs(resp or {}) do
  if r.result and r.result.contents then out('HOVER ' .. (r.result.contents.value or ''):gsub('\n', ' ')) end
end

vim.lsp.stop_client(client_id)
if found then
  out('OK overdue diagnostic received')
  vim.cmd('qall!')
else
  out('FAIL no overdue diagnostic')
  vim.cmd('cquit 1')
end
