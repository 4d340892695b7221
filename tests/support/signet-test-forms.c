/* signet-test-forms.c: registration forms as real servers send them.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-test-forms.h"

/* ejabberd 23.01 with captcha_cmd, as seen on loopback; the image goes in
 * between head and tail. */
static const char captcha_head[] =
  "<iq xmlns='jabber:client' type='result' id='reg1' from='localhost'>"
  "<query xmlns='jabber:iq:register'>"
  "<instructions>You need a client that supports x:data and CAPTCHA to register</instructions>"
  "<x xmlns='jabber:x:data' type='form'>"
  "<instructions>Choose a username and password to register with this server</instructions>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='username' type='text-single' label='User'><required/></field>"
  "<field var='password' type='text-private' label='Password'><required/></field>"
  "<field var='captcha-fallback-text' type='fixed'>"
  "<value>If you don't see the CAPTCHA image here, visit the web page.</value></field>"
  "<field var='captcha-fallback-url' type='text-single' label='CAPTCHA web page'>"
  "<value>http://localhost:5280/captcha/2824232941/image</value></field>"
  "<field var='from' type='hidden'><value>localhost</value></field>"
  "<field var='challenge' type='hidden'><required/><value>2824232941</value></field>"
  "<field var='sid' type='hidden'><value>reg1</value></field>"
  "<field var='ocr' type='text-single' label='Enter the text you see'><required/>"
  "<media xmlns='urn:xmpp:media-element' height='70' width='210'>"
  "<uri type='image/png'>cid:sha1+a15ff09c2b5bb5c4ee0ba1c0b8f2b39a8ab7a2a3@bob.xmpp.org</uri>"
  "</media></field>"
  "</x>"
  "<data xmlns='urn:xmpp:bob' cid='sha1+a15ff09c2b5bb5c4ee0ba1c0b8f2b39a8ab7a2a3@bob.xmpp.org' "
  "max-age='0' type='image/png'>";
static const char captcha_tail[] = "</data></query></iq>";

char *
signet_test_forms_ejabberd_captcha_iq (const char *image_base64)
{
  return g_strconcat (captcha_head, image_base64, captcha_tail, NULL);
}
