-- Headless neovim (0.7.2+) clicks the person-note code lens: vim.lsp.codelens.run() sends the
-- lens's command (rapport.personActions) to the server, which asks with window/showMessageRequest;
-- this client answers "Log contact today" and the server's edit lands in the buffer.
-- Prints "LENS <title>", "ASKED <message>", "ACTIONS <titles>", "LINE <last line>", then OK or FAIL.
local server = assert(os.getenv('RAPPORT_SERVER'), 'RAPPORT_SERVER is not set')
local root = assert(os.getenv('RAPPORT_ROOT'), 'RAPPORT_ROOT is not set')
local file = assert(os.getenv('RAPPORT_FILE'), 'RAPPORT_FILE is not set')

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

-- What a user picking from the list does, without a terminal to pick in.
vim.lsp.handlers['window/showMessageRequest'] = function(_, params)
  out('ASKED ' .. params.message)
  local titles = {}
  for _, a in ipairs(params.actions or {}) do table.insert(titles, a.title) end
  out('ACTIONS ' .. table.concat(titles, ' | '))
  for _, a in ipairs(params.actions or {}) do
    if string.find(a.title, 'Log contact', 1, true) == 1 then return a end
  end
  return vim.NIL
end

local client_id = vim.lsp.start_client({
  name = 'rapport',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'notes' } },
})
if not client_id then
  out('FAIL could not start the server')
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

-- Wait until the server has indexed the note (its diagnostics arrive), then ask for lenses.
vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
vim.lsp.codelens.refresh()
local lenses = {}
vim.wait(10000, function()
  lenses = vim.lsp.codelens.get(bufnr)
  return #lenses > 0
end, 50)
for _, l in ipairs(lenses) do out('LENS ' .. l.command.title .. ' -> ' .. l.command.command) end

vim.api.nvim_win_set_cursor(0, { 1, 0 })
vim.lsp.codelens.run()
local done = vim.wait(10000, function()
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  return string.find(lines[#lines] or '', 'Contact', 1, true) ~= nil
end, 50)
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
out('LINE ' .. (lines[#lines] or ''))

vim.lsp.stop_client(client_id)
if done then
  out('OK lens command ran')
  vim.cmd('qall!')
else
  out('FAIL the lens command changed nothing')
  vim.cmd('cquit 1')
end
