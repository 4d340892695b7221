/* signet-server-page.c: step 1, which server to sign up on.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "signet-core.h"
#include "signet-accessible.h"
#include "signet-link-text.h"
#include "signet-server-page.h"
#include "signet-wizard-page.h"

/* The groups that show only once the server answered, in the page's order. */
typedef enum {
  GROUP_EXISTING,
  GROUP_INSTRUCTIONS,
  GROUP_TERMS,
  N_GROUPS
} Group;

static const char * const group_ids[N_GROUPS] = { "existing_group", "instructions_group", "terms_group" };

struct _SignetServerPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget       *content_box;
  GtkWidget       *server_group;
  AdwEntryRow     *domain_row;
  GtkWidget       *domain_error_row;
  GtkLabel        *domain_error_label;
  AdwExpanderRow  *advanced_row;
  GtkWidget       *next_button;

  /* The advanced rows, built on the first expansion (see
   * ensure_advanced_rows()); NULL until then. */
  AdwEntryRow     *host_row;
  GtkWidget       *host_error_row;
  GtkLabel        *host_error_label;
  GtkSwitch       *direct_tls_switch;

  /* Built the first time each is shown (see add_group()), in the box's
   * order; NULL until then. */
  GtkWidget       *groups[N_GROUPS];
  GtkLabel        *existing_label;
  GtkWidget       *open_account_button;
  GtkLabel        *instructions_label;
  AdwActionRow    *terms_link_row;
  GtkSwitch       *terms_switch;

  /* Owned */
  char            *domain;
  char            *host;
  char            *terms_url;
  /* From a pasted invitation link, kept while the domain is its server. */
  char            *invite_domain;
  char            *invite_token;

  gboolean can_next;
  /* Set while the page fills its own fields, so that is not an edit. */
  gboolean filling;
  /* Set when more than one character arrives at once in the domain. */
  gboolean pasted;
  /* Set when the person chose to sign up another account on a server
   * where they have one; an edit of the fields forgets it. */
  gboolean sign_up_another;
};

static GtkWidget *
signet_server_page_wizard_get_next_button (SignetWizardPage *page)
{
  return signet_server_page_get_next_button (SIGNET_SERVER_PAGE (page));
}

static gboolean
signet_server_page_wizard_get_can_next (SignetWizardPage *page)
{
  return signet_server_page_get_can_next (SIGNET_SERVER_PAGE (page));
}

static void
signet_server_page_wizard_page_init (SignetWizardPageInterface *iface)
{
  iface->get_next_button = signet_server_page_wizard_get_next_button;
  iface->get_can_next = signet_server_page_wizard_get_can_next;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SignetServerPage, signet_server_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SIGNET_TYPE_WIZARD_PAGE, signet_server_page_wizard_page_init))

enum {
  PROP_0,
  PROP_CAN_NEXT,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * Validation
 */

static gboolean
is_plausible_domain (const char *domain)
{
  if (domain == NULL || *domain == '\0' || *domain == '.' || g_str_has_suffix (domain, "."))
    return FALSE;

  for (const char *p = domain; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || strchr ("/@:[]?#\\", (int) c) != NULL)
        return FALSE;
    }

  return TRUE;
}

/* A Cadmium server is given by its WebSocket address, wss://HOST[:PORT]/PATH:
 * the whole address, not only its host, is where to sign up. */
static gboolean
is_cadmium_address (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (text == NULL || g_ascii_strncasecmp (text, "wss://", 6) != 0)
    return FALSE;

  uri = g_uri_parse (text, G_URI_FLAGS_NON_DNS, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL && *host != '\0' && is_plausible_domain (host) && g_uri_get_userinfo (uri) == NULL;
}

/* A web address (https://example.org/signup) or an xmpp: URI
 * (xmpp:example.org?register, xmpp:ada@example.org) names the server in
 * it; anything else is not one of those. */
static char *
dup_server_of_uri (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme = g_uri_peek_scheme (text);
  const char *jid;
  const char *end;
  const char *at;

  if (scheme == NULL)
    return NULL;
  /* "localhost:5222" reads as a URI of scheme "localhost". */
  if (!g_str_equal (scheme, "https") && !g_str_equal (scheme, "http") && !g_str_equal (scheme, "xmpp"))
    return NULL;

  uri = g_uri_parse (text, G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    return NULL;

  if (!g_str_equal (scheme, "xmpp"))
    {
      const char *host = g_uri_get_host (uri);

      return host != NULL && *host != '\0' ? g_strdup (host) : NULL;
    }

  /* xmpp:JID or xmpp://ACCOUNT/JID: the JID is the server to go to, else
   * the account's. */
  jid = g_uri_get_path (uri);
  if (*jid == '/')
    jid++;
  if (*jid == '\0' && g_uri_get_host (uri) != NULL)
    jid = g_uri_get_host (uri);

  /* The domain: after the local part, before the resource. */
  end = strchr (jid, '/');
  if (end == NULL)
    end = jid + strlen (jid);
  at = g_strstr_len (jid, end - jid, "@");
  if (at != NULL)
    jid = at + 1;

  return end > jid ? g_strndup (jid, end - jid) : NULL;
}

/* No line parts a field from the error under it. */
static void
set_row_error (GtkWidget  *row,
               GtkWidget  *error_row,
               GtkLabel   *label,
               const char *description,
               const char *message)
{
  signet_accessible_set_field_error (row, error_row, label, description, message);
  if (message != NULL)
    gtk_widget_add_css_class (row, "has-field-error");
  else
    gtk_widget_remove_css_class (row, "has-field-error");
}

static void
update_can_next (SignetServerPage *self)
{
  g_autoptr(SignetConnection) probe = NULL;
  g_autoptr(GError) host_error = NULL;
  gboolean domain_ok;
  gboolean host_ok = TRUE;
  gboolean can_next;

  domain_ok = is_plausible_domain (self->domain) || is_cadmium_address (self->domain);
  /* An empty field is not an error yet, only not enough to go on. */
  set_row_error (GTK_WIDGET (self->domain_row), self->domain_error_row, self->domain_error_label,
                 _("The domain of the server, such as example.org"),
                 domain_ok || self->domain == NULL || *self->domain == '\0'
                 ? NULL
                 : g_ascii_strncasecmp (self->domain, "wss://", 6) == 0
                 ? _("Type a Cadmium server’s whole address, such as “wss://example.org:443/cadmium”.")
                 : _("Type only the server’s domain, such as “example.org”, without “https://” or a port."));

  if (self->host != NULL)
    {
      probe = signet_connection_new ("localhost");
      host_ok = signet_connection_set_host_and_port (probe, self->host, &host_error);
    }
  if (self->host_row != NULL)
    set_row_error (GTK_WIDGET (self->host_row), self->host_error_row, self->host_error_label,
                   _("Connect to this host, written as host or host:port, instead of looking up the server’s address. Leave empty to look it up."),
                   host_ok ? NULL : host_error->message);
  if (!host_ok)
    adw_expander_row_set_expanded (self->advanced_row, TRUE);

  can_next = domain_ok && host_ok && !signet_server_page_get_existing_shown (self) &&
             (!signet_server_page_get_terms_shown (self) || gtk_switch_get_active (self->terms_switch));

  if (can_next != self->can_next)
    {
      self->can_next = can_next;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NEXT]);
    }
}

static char *
dup_trimmed (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

/* Shows the domain that a typed or pasted URI stands for. */
static void
show_domain (SignetServerPage *self)
{
  g_autofree char *text = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->domain_row)));

  if (self->domain == NULL || g_strcmp0 (text, self->domain) == 0)
    return;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->domain_row), self->domain);
  gtk_editable_set_position (GTK_EDITABLE (self->domain_row), -1);
  self->filling = FALSE;
}

/*
 * Callbacks
 */

static void
on_domain_insert_text (SignetServerPage *self,
                       const char       *text,
                       int               length)
{
  self->pasted = g_utf8_strlen (text, length) > 1;
}

/* Leaving the field, the person sees the domain the URI stood for. */
static void
on_domain_focus_leave (SignetServerPage *self)
{
  show_domain (self);
}

static void
clear_invite (SignetServerPage *self)
{
  if (self->invite_token != NULL)
    explicit_bzero (self->invite_token, strlen (self->invite_token));
  g_clear_pointer (&self->invite_token, g_free);
  g_clear_pointer (&self->invite_domain, g_free);
}

/* An invitation link names the server and carries the token to send. */
static char *
read_invite (SignetServerPage *self,
             const char       *text)
{
  g_autofree char *domain = NULL;
  g_autofree char *token = NULL;

  if (text == NULL || !signet_invite_uri_is_uri (text) || !signet_invite_uri_parse (text, &domain, &token, NULL))
    return NULL;

  clear_invite (self);
  self->invite_domain = g_strdup (domain);
  self->invite_token = g_steal_pointer (&token);
  return g_steal_pointer (&domain);
}

static void
read_fields (SignetServerPage *self)
{
  g_autofree char *domain = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->domain_row)));
  char *server = read_invite (self, domain);

  if (server == NULL && domain != NULL)
    server = dup_server_of_uri (domain);
  g_free (self->domain);
  self->domain = server != NULL ? server : g_steal_pointer (&domain);
  if (g_strcmp0 (self->domain, self->invite_domain) != 0)
    clear_invite (self);
  g_free (self->host);
  self->host = self->host_row != NULL ? dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->host_row))) : NULL;
}

/* The notice about an account already held belongs to the domain it names. */
static void
forget_existing (SignetServerPage *self)
{
  self->sign_up_another = FALSE;
  if (self->groups[GROUP_EXISTING] != NULL)
    gtk_widget_set_visible (self->groups[GROUP_EXISTING], FALSE);
  gtk_widget_set_visible (self->next_button, TRUE);
}

static void
on_sign_up_another (SignetServerPage *self)
{
  self->sign_up_another = TRUE;
  gtk_widget_set_visible (self->groups[GROUP_EXISTING], FALSE);
  gtk_widget_set_visible (self->next_button, TRUE);
  update_can_next (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static void
on_field_changed (SignetServerPage *self)
{
  const char *text;
  const char *bar;

  if (self->filling)
    {
      self->pasted = FALSE;
      return;
    }

  /* Kontalk writes servers as "network|host:port"; accept a pasted one. */
  text = gtk_editable_get_text (GTK_EDITABLE (self->domain_row));
  bar = strchr (text, '|');
  if (bar != NULL)
    {
      g_autofree char *domain = g_strndup (text, bar - text);
      g_autofree char *host = g_strdup (bar + 1);

      self->filling = TRUE;
      /* Expanding builds the host field. */
      adw_expander_row_set_expanded (self->advanced_row, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->domain_row), g_strstrip (domain));
      gtk_editable_set_text (GTK_EDITABLE (self->host_row), g_strstrip (host));
      gtk_editable_set_position (GTK_EDITABLE (self->domain_row), -1);
      self->filling = FALSE;
    }

  read_fields (self);
  if (self->pasted)
    {
      self->pasted = FALSE;
      show_domain (self);
    }
  /* Terms and instructions belong to the server that sent them. */
  signet_server_page_hide_terms (self);
  signet_server_page_show_instructions (self, NULL, FALSE);
  forget_existing (self);
  update_can_next (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_direct_tls_changed (SignetServerPage *self)
{
  if (self->filling)
    return;

  signet_server_page_hide_terms (self);
  forget_existing (self);
  update_can_next (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void ensure_advanced_rows (SignetServerPage *self);

/* The advanced rows are built when the row is first expanded: a collapsed
 * expander row still lays out its rows, and their text was a quarter of
 * what the first frame cost beyond a bare window.  Once built they stay,
 * so that collapsing slides them away. */
static void
on_advanced_expanded (SignetServerPage *self)
{
  if (adw_expander_row_get_expanded (self->advanced_row))
    ensure_advanced_rows (self);
}

static void
on_terms_switch_changed (SignetServerPage *self)
{
  update_can_next (self);
}

static void
on_terms_link_activated (SignetServerPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->terms_url != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->terms_url, GDK_CURRENT_TIME);
}

static gboolean
focus_terms_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  SignetServerPage *self = SIGNET_SERVER_PAGE (widget);

  if (signet_server_page_get_terms_shown (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->terms_switch));

  return G_SOURCE_REMOVE;
}

static gboolean
focus_existing_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  SignetServerPage *self = SIGNET_SERVER_PAGE (widget);

  if (signet_server_page_get_existing_shown (self))
    gtk_widget_grab_focus (self->open_account_button);

  return G_SOURCE_REMOVE;
}

static gboolean
on_instructions_link (SignetServerPage *self,
                      const char       *uri)
{
  return signet_link_text_open (GTK_WIDGET (self), uri);
}

/*
 * The advanced rows and the groups that show only once the server answered
 */

/* Builds @ids from signet-server-page-groups.ui: the parts of the page
 * that are not in the first frame.  In the template, hidden, they were
 * over a third of what building the page cost before that frame. */
static GtkBuilder *
build_parts (const char **ids)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;

  if (!gtk_builder_add_objects_from_resource (builder, "/im/signet/Signet/ui/signet-server-page-groups.ui",
                                              ids, &error))
    g_error ("The server page's parts: %s", error->message);

  return g_steal_pointer (&builder);
}

static void
ensure_advanced_rows (SignetServerPage *self)
{
  const char *ids[] = { "host_row", "host_error_row", "direct_tls_row", NULL };
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->host_row != NULL)
    return;

  builder = build_parts (ids);
  self->host_row = ADW_ENTRY_ROW (gtk_builder_get_object (builder, "host_row"));
  self->host_error_row = GTK_WIDGET (gtk_builder_get_object (builder, "host_error_row"));
  self->host_error_label = GTK_LABEL (gtk_builder_get_object (builder, "host_error_label"));
  self->direct_tls_switch = GTK_SWITCH (gtk_builder_get_object (builder, "direct_tls_switch"));
  for (int i = 0; ids[i] != NULL; i++)
    adw_expander_row_add_row (self->advanced_row, GTK_WIDGET (gtk_builder_get_object (builder, ids[i])));
  g_signal_connect_object (self->host_row, "changed", G_CALLBACK (on_field_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->direct_tls_switch, "notify::active",
                           G_CALLBACK (on_direct_tls_changed), self, G_CONNECT_SWAPPED);
  /* The host field's description for assistive technologies. */
  update_can_next (self);
}

/* Puts group @which in its place, hidden, the first time it is to be
 * shown, and returns the builder that holds its children. */
static GtkBuilder *
add_group (SignetServerPage *self,
           Group             which)
{
  const char *ids[] = { group_ids[which], NULL };
  g_autoptr(GtkBuilder) builder = build_parts (ids);
  GtkWidget *after = self->server_group;

  for (int i = 0; i < (int) which; i++)
    if (self->groups[i] != NULL)
      after = self->groups[i];

  self->groups[which] = GTK_WIDGET (gtk_builder_get_object (builder, group_ids[which]));
  gtk_widget_set_visible (self->groups[which], FALSE);
  gtk_box_insert_child_after (GTK_BOX (self->content_box), self->groups[which], after);

  return g_steal_pointer (&builder);
}

static void
ensure_group (SignetServerPage *self,
              Group             which)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->groups[which] != NULL)
    return;

  builder = add_group (self, which);
  switch (which)
    {
    case GROUP_EXISTING:
      self->existing_label = GTK_LABEL (gtk_builder_get_object (builder, "existing_label"));
      self->open_account_button = GTK_WIDGET (gtk_builder_get_object (builder, "open_account_button"));
      g_signal_connect_object (gtk_builder_get_object (builder, "sign_up_another_button"), "clicked",
                               G_CALLBACK (on_sign_up_another), self, G_CONNECT_SWAPPED);
      break;
    case GROUP_INSTRUCTIONS:
      self->instructions_label = GTK_LABEL (gtk_builder_get_object (builder, "instructions_label"));
      g_signal_connect_object (gtk_builder_get_object (builder, "instructions_label"), "activate-link",
                               G_CALLBACK (on_instructions_link), self, G_CONNECT_SWAPPED);
      break;
    case GROUP_TERMS:
      self->terms_link_row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "terms_link_row"));
      self->terms_switch = GTK_SWITCH (gtk_builder_get_object (builder, "terms_switch"));
      g_signal_connect_object (gtk_builder_get_object (builder, "terms_link_row"), "activated",
                               G_CALLBACK (on_terms_link_activated), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (gtk_builder_get_object (builder, "terms_switch"), "notify::active",
                               G_CALLBACK (on_terms_switch_changed), self, G_CONNECT_SWAPPED);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
get_group_shown (SignetServerPage *self,
                 Group             which)
{
  return self->groups[which] != NULL && gtk_widget_get_visible (self->groups[which]);
}

/*
 * GObject
 */

static void
signet_server_page_dispose (GObject *object)
{
  SignetServerPage *self = SIGNET_SERVER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_SERVER_PAGE);
  /* The groups went with the template's box. */
  memset (self->groups, 0, sizeof self->groups);
  self->host_row = NULL;
  self->host_error_row = NULL;
  self->host_error_label = NULL;
  self->direct_tls_switch = NULL;
  self->existing_label = NULL;
  self->open_account_button = NULL;
  self->instructions_label = NULL;
  self->terms_link_row = NULL;
  self->terms_switch = NULL;

  G_OBJECT_CLASS (signet_server_page_parent_class)->dispose (object);
}

static void
signet_server_page_finalize (GObject *object)
{
  SignetServerPage *self = (SignetServerPage *) object;

  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->terms_url, g_free);
  clear_invite (self);

  G_OBJECT_CLASS (signet_server_page_parent_class)->finalize (object);
}

static void
signet_server_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SignetServerPage *self = SIGNET_SERVER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_NEXT:
      g_value_set_boolean (value, self->can_next);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_server_page_class_init (SignetServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_server_page_dispose;
  object_class->finalize = signet_server_page_finalize;
  object_class->get_property = signet_server_page_get_property;

  properties[PROP_CAN_NEXT] =
    g_param_spec_boolean ("can-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SignetServerPage::changed:
   *
   * The person edited the server settings: whatever was fetched from the
   * previous server no longer applies.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, domain_row);
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, domain_error_row);
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, domain_error_label);
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, SignetServerPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_advanced_expanded);
}

static void
signet_server_page_init (SignetServerPage *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->domain_row)), "insert-text",
                           G_CALLBACK (on_domain_insert_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_domain_focus_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->domain_row), focus);

  /* The fields' descriptions for assistive technologies. */
  update_can_next (self);
}

/*
 * Public API
 */

GtkWidget *
signet_server_page_new (void)
{
  return g_object_new (SIGNET_TYPE_SERVER_PAGE, NULL);
}

void
signet_server_page_set_server (SignetServerPage *self,
                               const char       *domain,
                               const char       *host,
                               gboolean          direct_tls)
{
  g_return_if_fail (SIGNET_IS_SERVER_PAGE (self));

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->domain_row), domain ? domain : "");
  /* Show the advanced settings when they are in use (which builds them). */
  if ((host != NULL && *host != '\0') || direct_tls)
    adw_expander_row_set_expanded (self->advanced_row, TRUE);
  if (self->host_row != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->host_row), host ? host : "");
      gtk_switch_set_active (self->direct_tls_switch, direct_tls);
    }
  self->filling = FALSE;

  read_fields (self);
  signet_server_page_hide_terms (self);
  forget_existing (self);
  update_can_next (self);
}

GtkWidget *
signet_server_page_get_next_button (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), NULL);

  return self->next_button;
}

const char *
signet_server_page_get_domain (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), NULL);

  return self->domain;
}

const char *
signet_server_page_get_invite_token (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), NULL);

  return self->invite_token;
}

const char *
signet_server_page_get_host (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), NULL);

  return self->host;
}

gboolean
signet_server_page_get_direct_tls (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return self->direct_tls_switch != NULL && gtk_switch_get_active (self->direct_tls_switch);
}

gboolean
signet_server_page_get_can_next (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return self->can_next;
}

void
signet_server_page_show_terms (SignetServerPage *self,
                               const char       *url)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SIGNET_IS_SERVER_PAGE (self));

  ensure_group (self, GROUP_TERMS);
  g_free (self->terms_url);
  self->terms_url = g_strdup (url);

  /* Translators: %s is a server's domain, such as "example.org". */
  description = g_strdup_printf (_("%s asks everyone who signs up to accept its terms of service."),
                                 self->domain ? self->domain : "");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->groups[GROUP_TERMS]), description);
  adw_action_row_set_subtitle (self->terms_link_row, url ? url : "");
  gtk_widget_set_visible (GTK_WIDGET (self->terms_link_row), url != NULL);
  gtk_widget_set_visible (self->groups[GROUP_TERMS], TRUE);
  update_can_next (self);

  /* The connection worked: make room for what matters now. */
  adw_expander_row_set_expanded (self->advanced_row, FALSE);

  /* Once the terms are laid out, focusing "I accept" scrolls them into view. */
  gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_terms_cb, NULL, NULL);
}

void
signet_server_page_hide_terms (SignetServerPage *self)
{
  g_return_if_fail (SIGNET_IS_SERVER_PAGE (self));

  if (!get_group_shown (self, GROUP_TERMS))
    return;

  gtk_widget_set_visible (self->groups[GROUP_TERMS], FALSE);
  gtk_switch_set_active (self->terms_switch, FALSE);
  g_clear_pointer (&self->terms_url, g_free);
  update_can_next (self);
}

gboolean
signet_server_page_get_terms_shown (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return get_group_shown (self, GROUP_TERMS);
}

gboolean
signet_server_page_get_terms_accepted (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return signet_server_page_get_terms_shown (self) && gtk_switch_get_active (self->terms_switch);
}

/* A server's text is shown whole up to this many characters. */
#define MAX_INSTRUCTIONS 1500

void
signet_server_page_show_instructions (SignetServerPage *self,
                                      const char       *instructions,
                                      gboolean          only)
{
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (SIGNET_IS_SERVER_PAGE (self));

  text = g_strstrip (g_strdup (instructions != NULL ? instructions : ""));
  if (*text == '\0')
    {
      if (self->groups[GROUP_INSTRUCTIONS] != NULL)
        gtk_widget_set_visible (self->groups[GROUP_INSTRUCTIONS], FALSE);
      return;
    }
  ensure_group (self, GROUP_INSTRUCTIONS);
  gtk_widget_set_visible (self->groups[GROUP_INSTRUCTIONS], TRUE);

  /* A server can send anything: a long text is cut at a character, with an ellipsis. */
  if (g_utf8_strlen (text, -1) > MAX_INSTRUCTIONS)
    {
      char *end = g_utf8_offset_to_pointer (text, MAX_INSTRUCTIONS);

      *end = '\0';
      text = g_strconcat (g_steal_pointer (&text), "…", NULL);
    }
  markup = signet_link_text_dup_markup (text);
  gtk_label_set_markup (self->instructions_label, markup);

  description = only
                /* Translators: %s is a server's domain, such as "example.org". */
                ? g_strdup_printf (_("%s does not take sign-ups from apps. Its instructions say how to get an account:"),
                                   self->domain != NULL ? self->domain : "")
                /* Translators: %s is a server's domain, such as "example.org". */
                : g_strdup_printf (_("%s says this about signing up:"), self->domain != NULL ? self->domain : "");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->groups[GROUP_INSTRUCTIONS]), description);
}

gboolean
signet_server_page_get_instructions_shown (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return get_group_shown (self, GROUP_INSTRUCTIONS);
}

/* Instead of signing up straight away: the person already has @jid on
 * the page's domain, and chooses between it and another account. */
void
signet_server_page_show_existing (SignetServerPage *self,
                                  const char       *jid)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SIGNET_IS_SERVER_PAGE (self));
  g_return_if_fail (jid != NULL);

  /* Translators: the first %s is a server's domain, such as "example.org";
   * the second an account's address on it, such as "ada@example.org". */
  text = g_strdup_printf (_("You already have an account on %s: %s"), self->domain ? self->domain : "", jid);
  ensure_group (self, GROUP_EXISTING);
  gtk_label_set_label (self->existing_label, text);
  gtk_widget_set_visible (self->groups[GROUP_EXISTING], TRUE);
  /* The two choices replace Next. */
  gtk_widget_set_visible (self->next_button, FALSE);
  update_can_next (self);

  /* Make room for the choice, and focus it once it is laid out, which
   * scrolls it into view. */
  adw_expander_row_set_expanded (self->advanced_row, FALSE);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_existing_cb, NULL, NULL);
}

gboolean
signet_server_page_get_existing_shown (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return get_group_shown (self, GROUP_EXISTING);
}

gboolean
signet_server_page_get_sign_up_another (SignetServerPage *self)
{
  g_return_val_if_fail (SIGNET_IS_SERVER_PAGE (self), FALSE);

  return self->sign_up_another;
}
