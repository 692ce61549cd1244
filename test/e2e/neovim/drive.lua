-- Drives headless Neovim 0.7 through one user session, after init.lua (the README's snippet) has
-- set DAG Guard up: open a DAG file, wait for the diagnostics, ask for code actions at a finding,
-- read a hover, apply the action titled $DG_ACTION_TITLE, write the buffer, wait for the
-- diagnostics to follow.
-- Writes what it saw as JSON to $DG_RESULT. Every wait is vim.wait on a condition, not a sleep.
-- Any error exits with `cquit 1` (an uncaught error in headless mode would hang or exit 0).
local TIMEOUT_MS = 30000

local function wait_for(what, condition)
  if not vim.wait(TIMEOUT_MS, condition, 20) then error('timed out waiting for ' .. what) end
end

local function diagnostics_of(bufnr)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(seen, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message, source = d.source, code = d.code })
  end
  table.sort(seen, function(a, b) return a.lnum < b.lnum end)
  return seen
end

local result = { log = {} }
local function log(message) table.insert(result.log, message) end

local function run()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.DG_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  log('filetype=' .. vim.bo[bufnr].filetype)

  wait_for('the dag-guard client to attach', function()
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == 'dag-guard' and client.initialized then return true end
    end
    return false
  end)
  local expected = tonumber(vim.env.DG_EXPECTED_DIAGNOSTICS)
  wait_for(expected .. ' diagnostics', function() return #vim.diagnostic.get(bufnr) == expected end)
  result.before = diagnostics_of(bufnr)

  -- The finding to act on: the one whose message contains $DG_ACT_ON.
  local target
  for _, d in ipairs(result.before) do
    if d.message:find(vim.env.DG_ACT_ON, 1, true) then target = d end
  end
  if not target then error('no diagnostic mentions ' .. vim.env.DG_ACT_ON) end

  -- vim.diagnostic drops the LSP fields (code, data): the request carries the LSP diagnostics.
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.lnum, character = target.col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum) },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT_MS)
  if not responses then error('codeAction request failed: ' .. tostring(err)) end
  result.titles = {}
  local chosen
  for _, response in pairs(responses) do
    if response.error then error('codeAction error: ' .. vim.inspect(response.error)) end
    for _, action in ipairs(response.result or {}) do
      table.insert(result.titles, action.title)
      if action.title == vim.env.DG_ACTION_TITLE then chosen = action end
    end
  end
  if not chosen then error('no code action titled ' .. vim.env.DG_ACTION_TITLE .. ': ' .. vim.inspect(result.titles)) end
  if not chosen.edit then error('the code action has no edit: ' .. vim.inspect(chosen)) end

  -- The docs of the word at $DG_HOVER_LINE:$DG_HOVER_CHARACTER (0-based), as `K` would show them.
  local hovers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = tonumber(vim.env.DG_HOVER_LINE), character = tonumber(vim.env.DG_HOVER_CHARACTER) },
  }, TIMEOUT_MS)
  for _, response in pairs(hovers or {}) do
    if response.result then result.hover = response.result.contents.value end
  end

  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  vim.cmd('write')
  local remaining = expected - 1
  wait_for(remaining .. ' diagnostics after the fix', function() return #vim.diagnostic.get(bufnr) == remaining end)
  result.after = diagnostics_of(bufnr)
end

local ok, message = pcall(run)
result.ok = ok
result.error = ok and vim.NIL or tostring(message)
local file = io.open(vim.env.DG_RESULT, 'w')
file:write(vim.fn.json_encode(result))
file:close()
if ok then vim.cmd('qall!') else vim.cmd('cquit 1') end
