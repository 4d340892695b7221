/* fuzz-data-form.c: XEP-0004 data forms with XEP-0221 media and XEP-0231
 * Bits of Binary, as a jabber:iq:register reply carries them, and the
 * legacy XEP-0077 fields.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-data-form-field.h"
#include "signet-data-form-media.h"
#include "signet-data-form.h"
#include "signet-fuzz.h"
#include "signet-register-client.h"

static void
read_media (SignetDataFormField *field)
{
  for (guint i = 0; i < signet_data_form_field_get_n_media (field); i++)
    {
      SignetDataFormMedia *media = signet_data_form_field_get_media (field, i);
      const char *mime_type = NULL;
      GBytes *bytes = signet_data_form_media_get_data (media, &mime_type);

      g_assert (bytes == NULL || mime_type != NULL);
      for (guint j = 0; j < signet_data_form_media_get_n_uris (media); j++)
        g_assert_nonnull (signet_data_form_media_get_uri (media, j, &mime_type));
      (void) signet_inband_field_is_captcha (field);
    }
}

/* What was read writes out as a form that reads back. */
static void
check_form (SignetDataForm *form)
{
  g_autoptr(SignetXmlNode) x = signet_data_form_to_xml (form);
  g_autoptr(SignetDataForm) submit = signet_data_form_new_submit (form);
  g_autoptr(SignetDataForm) again = NULL;
  g_autoptr(GError) error = NULL;

  signet_fuzz_check_round_trip (x);
  again = signet_data_form_parse (x, NULL, &error);
  if (again == NULL)
    g_error ("A form Signet wrote does not read back: %s", error->message);

  for (guint i = 0; i < signet_data_form_get_n_fields (form); i++)
    read_media (signet_data_form_get_nth_field (form, i));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SignetXmlNode) root = signet_fuzz_parse_xml (data, size);
  g_autoptr(SignetDataForm) form = NULL;
  g_autoptr(SignetDataForm) inband = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) inband_error = NULL;
  SignetXmlNode *query;
  SignetXmlNode *x;
  gboolean legacy = FALSE;

  if (root == NULL)
    return 0;

  query = signet_xml_node_get_child (root, "query", NULL);
  x = signet_xml_node_is (root, "x", NULL) ? root
      : signet_xml_node_get_child (query != NULL ? query : root, "x", NULL);
  if (x != NULL)
    {
      form = signet_data_form_parse (x, root, &error);
      g_assert ((form == NULL) == (error != NULL));
      if (form != NULL)
        check_form (form);
    }

  inband = signet_inband_read_form (root, NULL, &legacy, &inband_error);
  g_assert (inband == NULL || inband_error == NULL);
  if (inband != NULL)
    check_form (inband);

  return 0;
}
