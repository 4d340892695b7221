-- mod_signet_test_forms: for Signet's tests only, never for a real server.
--
-- XEP-0077 lets a server answer with a data form inside an error: a sign-up
-- that needs more fields (§3.1, modify error), a password change that needs
-- its changepassword form (§3.3), closing an account that needs its cancel
-- form (§3.2).  Neither stock Prosody 0.12 nor ejabberd 23.01 does any of
-- that, so this module does, on the one virtual host that loads it, and
-- otherwise leaves the work to Prosody's own usermanager.

local st = require "util.stanza";
local dataforms = require "util.dataforms";
local usermanager = require "core.usermanager";
local nodeprep = require "util.encodings".stringprep.nodeprep;

local host = module.host;

local signup_form = dataforms.new {
	title = "Creating a new account";
	instructions = "Please also choose a nickname.";
	{ name = "FORM_TYPE", type = "hidden", value = "jabber:iq:register" };
	{ name = "username", type = "text-single", label = "Username", required = true };
	{ name = "password", type = "text-private", label = "Password", required = true };
	{ name = "nickname", type = "text-single", label = "Nickname", required = true };
};

local changepassword_form = dataforms.new {
	title = "Changing the password";
	{ name = "FORM_TYPE", type = "hidden", value = "jabber:iq:register:changepassword" };
	{ name = "username", type = "text-single", label = "Username", required = true };
	{ name = "old_password", type = "text-private", label = "Old password", required = true };
	{ name = "password", type = "text-private", label = "New password", required = true };
};

local cancel_form = dataforms.new {
	title = "Closing the account";
	{ name = "FORM_TYPE", type = "hidden", value = "jabber:iq:register:cancel" };
	{ name = "password", type = "text-private", label = "Password", required = true };
	{ name = "reason", type = "text-single", label = "Why are you leaving?" };
};

local function error_with_form(stanza, error_type, condition, text, form)
	local reply = st.error_reply(stanza, error_type, condition, text);
	reply:reset():tag("query", { xmlns = "jabber:iq:register" }):add_child(form:form());
	return reply;
end

local function form_type(x)
	for field in x:childtags("field") do
		if field.attr.var == "FORM_TYPE" then
			return field:get_child_text("value");
		end
	end
end

-- Sign-up: the first submission is sent back with a longer form.
module:hook("stanza/iq/jabber:iq:register:query", function (event)
	local session, stanza = event.origin, event.stanza;
	if session.type ~= "c2s_unauthed" or stanza.attr.type ~= "set" then return; end

	local x = stanza.tags[1]:get_child("x", "jabber:x:data");
	local data = x and signup_form:data(x) or {};
	if not data.nickname or data.nickname == "" then
		session.send(error_with_form(stanza, "modify", "not-acceptable", "Please also choose a nickname.", signup_form));
		return true;
	end

	local username = data.username and nodeprep(data.username);
	if not username or username == "" or not data.password or data.password == "" then
		session.send(st.error_reply(stanza, "modify", "not-acceptable"));
	elseif usermanager.user_exists(username, host) then
		session.send(st.error_reply(stanza, "cancel", "conflict"));
	else
		usermanager.create_user(username, data.password, host);
		session.send(st.reply(stanza));
	end
	return true;
end, 20);

local function submitted_form(session, stanza, x)
	local kind = form_type(x);
	if kind == "jabber:iq:register:changepassword" then
		local data = changepassword_form:data(x);
		if not usermanager.test_password(session.username, host, data.old_password or "") then
			return session.send(st.error_reply(stanza, "auth", "not-authorized", "The old password is wrong."));
		end
		usermanager.set_password(session.username, data.password, host, session.resource);
		return session.send(st.reply(stanza));
	elseif kind == "jabber:iq:register:cancel" then
		local data = cancel_form:data(x);
		if not usermanager.test_password(session.username, host, data.password or "") then
			return session.send(st.error_reply(stanza, "auth", "not-authorized", "The password is wrong."));
		end
		session.send(st.reply(stanza));
		usermanager.delete_user(session.username, host);
		return;
	end
	session.send(st.error_reply(stanza, "modify", "bad-request"));
end

-- Password change and account removal: first the form, then the work.
local function handle_account(event)
	local session, stanza = event.origin, event.stanza;
	if session.type ~= "c2s" or stanza.attr.type ~= "set" then return; end

	local query = stanza.tags[1];
	local x = query:get_child("x", "jabber:x:data");
	if x then
		submitted_form(session, stanza, x);
	elseif query:get_child("remove") then
		session.send(error_with_form(stanza, "cancel", "not-allowed", nil, cancel_form));
	else
		session.send(error_with_form(stanza, "modify", "not-authorized", nil, changepassword_form));
	end
	return true;
end

module:hook("iq/self/jabber:iq:register:query", handle_account, 20);
module:hook("iq/host/jabber:iq:register:query", handle_account, 20);
