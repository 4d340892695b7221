-- mod_signet_test_register_json: for Signet's tests only, never for a real server.
--
-- The community module mod_register_json is not packaged in Debian 12, so
-- this module serves what its documentation says it does, for the tests of
-- `signet-cli provision`: a web backend POSTs Base64-encoded JSON with the
-- person's details and a shared auth token, gets a token back, and the
-- account is created only when that token is posted to the verify/ page.
--
-- The checks come in the order the documented servlet makes them, each
-- with its own status and text: 400, 401 (auth token), 403 (address, then
-- mail), 406, 401 (pending), 409 (user), 503 (throttle on the body's ip
-- field), 409 (mail), then 200 with the token as the whole body.  A body
-- that is Base64 but not JSON gets 500, as the documented servlet does.
--
-- The texts of 401, 409 and the verify pages are the servlet's (a client
-- tells the two 401s and the two 409s apart by them).
--
-- Options are the servlet's own (reg_servlet_*), plus two for tests:
-- signet_test_reg_pending_lifetime, the seconds a registration waits for
-- its token (300 by default, as in the servlet), and
-- signet_test_reg_short_lived, a Lua pattern: usernames matching it wait
-- only signet_test_reg_short_lifetime seconds (2), so that a test can see
-- a token expire while the others keep theirs.

local base64 = require "util.encodings".base64;
local json = require "util.json";
local nodeprep = require "util.encodings".stringprep.nodeprep;
local usermanager = require "core.usermanager";
local http = require "util.http";
local errors = require "util.error";
local uuid = require "util.uuid";
local hashes = require "util.hashes";
local time_now = require "util.time".now;

module:depends("http");

local host = module.host;
local auth_token = module:get_option_string("reg_servlet_auth_token");
local base_path = module:get_option_string("reg_servlet_base", "/register_account/");
local secure_only = module:get_option_boolean("reg_servlet_secure", true);
local throttle_seconds = module:get_option_number("reg_servlet_ttime");
local blocked_ips = module:get_option_set("reg_servlet_bl", {});
local unthrottled_ips = module:get_option_set("reg_servlet_wl", {});
local mail_patterns = module:get_option_array("reg_servlet_filtered_mails", {});
local pending_lifetime = module:get_option_number("signet_test_reg_pending_lifetime", 300);
local short_lived = module:get_option_string("signet_test_reg_short_lived");
local short_lifetime = module:get_option_number("signet_test_reg_short_lifetime", 2);

-- token -> { username, password }; username -> token; mail digest -> username
local by_token, by_username, mail_owners = {}, {}, {};
-- ip field -> time of its last request
local last_seen = {};

local function refuse(code, text)
	return errors.new({ code = code, text = text });
end

local function decode_body(body)
	local raw = body and base64.decode(body);
	if not raw or raw == "" then
		return nil, refuse(400, "The request body is not Base64.");
	end
	local data = json.decode(raw);
	if type(data) ~= "table" then
		-- What the documented servlet answers to Base64 that is not JSON.
		return nil, refuse(500, "The request body is not JSON.");
	end
	for _, name in ipairs({ "username", "password", "ip", "mail", "auth_token" }) do
		if type(data[name]) ~= "string" then
			return nil, refuse(400, "Invalid syntax: the field " .. name .. " is missing.");
		end
	end
	return data;
end

local function mail_filtered(mail)
	for _, pattern in ipairs(mail_patterns) do
		if mail:match(pattern) then return true; end
	end
	return false;
end

-- Measured to the millisecond rather than in whole seconds, so that what a
-- test sees does not depend on where a second boundary falls.
local function throttled(ip)
	if not throttle_seconds or unthrottled_ips:contains(ip) then return false; end
	local now, last = time_now(), last_seen[ip];
	last_seen[ip] = now;
	return last ~= nil and now - last < throttle_seconds;
end

local function forget(token)
	local entry = by_token[token];
	if not entry then return; end
	by_token[token], by_username[entry.username] = nil, nil;
	mail_owners[entry.mail_digest] = nil;
end

-- Everything a request is checked against, in the servlet's order; returns
-- the refusal or the prepared username.
local function check(data)
	if data.auth_token ~= auth_token then
		return nil, refuse(401, "Auth token is invalid! The attempt has been logged.");
	end
	if blocked_ips:contains(data.ip) then
		return nil, refuse(403, "Registrations from this address are blocked.");
	end
	if mail_filtered(data.mail) then
		return nil, refuse(403, "This e-mail address may not be used to register.");
	end
	local username = nodeprep(data.username);
	if not username or username == "" then
		return nil, refuse(406, "The username has characters that are not allowed.");
	end
	if by_username[username] then
		return nil, refuse(401, "Another user registration by that username is pending.");
	end
	if usermanager.user_exists(username, host) then
		return nil, refuse(409, "User already exists.");
	end
	if throttled(data.ip) then
		return nil, refuse(503, "Too many requests: wait a little and try again.");
	end
	return username;
end

local function handle_register(event)
	local request = event.request;
	if secure_only and not request.secure then return; end
	if request.method ~= "POST" then
		event.response.headers.allow = "POST";
		return refuse(405, "Only POST is accepted here.");
	end

	local data, err = decode_body(request.body);
	if not data then return err; end
	local username;
	username, err = check(data);
	if not username then return err; end

	local digest = base64.encode(hashes.sha256(data.mail:lower()));
	if mail_owners[digest] then
		return refuse(409, "The E-Mail Address provided matches the hash associated to an existing account.");
	end

	local token = uuid.generate();
	by_token[token] = { username = username, password = data.password, mail_digest = digest };
	by_username[username], mail_owners[digest] = token, username;
	local lifetime = (short_lived and username:match(short_lived)) and short_lifetime or pending_lifetime;
	module:add_timer(lifetime, function () forget(token); end);
	module:log("info", "Registration of %s waits for its token", username);
	return token;
end

local function page(title, text)
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" .. title .. "</title></head>"
		.. "<body><h1>" .. title .. "</h1><p>" .. text .. "</p></body></html>\n";
end

local verify_form = page("Activate your account",
	"<form method=\"post\" action=\"" .. base_path .. "verify/\">"
	.. "<label>Token <input name=\"uuid\"></label> <button>Activate</button></form>");

local function verify(token)
	local entry = token and by_token[token];
	if not entry then
		return page("Activation failed", "This token is invalid or has expired.");
	end
	local ok, err = usermanager.create_user(entry.username, entry.password, host);
	if not ok then
		return refuse(500, "The account could not be created: " .. tostring(err));
	end
	by_token[token], by_username[entry.username] = nil, nil;
	module:log("info", "Account %s activated", entry.username);
	return page("Account activated", "Registration verified, account activated.");
end

local function handle_verify(event)
	local request, response = event.request, event.response;
	if secure_only and not request.secure then return; end
	response.headers.content_type = "text/html; charset=utf-8";
	if request.method == "GET" then return verify_form; end
	local form = request.body and http.formdecode(request.body);
	return verify(type(form) == "table" and form.uuid or nil);
end

module:provides("http", {
	default_path = base_path;
	route = {
		["GET /"] = handle_register;
		["POST /"] = handle_register;
		["GET /verify/"] = handle_verify;
		["POST /verify/"] = handle_verify;
	};
});
