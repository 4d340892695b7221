-- mod_signet_test_invite_tokens: for Signet's tests only, never for a real server.
--
-- Makes a few single-use account invitations with Prosody's own
-- mod_invites once the server has started, and writes their URIs
-- (xmpp:HOST?register;preauth=TOKEN), one a line, to the file named by
-- signet_test_invites_file, the way an administrator hands them out with
-- `prosodyctl mod_invites generate HOST`.

local invites = module:depends("invites");
local file_name = module:get_option_string("signet_test_invites_file");

local function write_invites()
	local lines = {};
	for _ = 1, 8 do
		local invite = assert(invites.create_account(nil, nil, 3600));
		table.insert(lines, invite.uri);
	end
	local tmp = file_name .. ".tmp";
	local f = assert(io.open(tmp, "w"));
	f:write(table.concat(lines, "\n"), "\n");
	f:close();
	assert(os.rename(tmp, file_name));
end

if prosody.start_time then
	write_invites();
else
	module:hook_global("server-started", write_invites);
end
