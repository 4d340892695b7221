-- mod_signet_test_instructions: for Signet's tests only, never for a real server.
--
-- Some servers answer a registration request with nothing but
-- instructions: no fields, no XEP-0066 address, only a sentence that
-- points to a web page.  Stock Prosody 0.12 and ejabberd 23.01 never do,
-- so this module does on the one virtual host that loads it, with the
-- text of the option signet_test_instructions.

local st = require "util.stanza";

local text = module:get_option_string("signet_test_instructions",
	"Sign up at https://instructions.localhost/join.");

module:hook("stanza/iq/jabber:iq:register:query", function (event)
	local session, stanza = event.origin, event.stanza;
	if session.type ~= "c2s_unauthed" or stanza.attr.type ~= "get" then return; end

	local reply = st.reply(stanza):tag("query", { xmlns = "jabber:iq:register" })
		:text_tag("instructions", text);
	session.send(reply);
	return true;
end, 20);
