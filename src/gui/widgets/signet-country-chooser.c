/* signet-country-chooser.c: a searchable list of countries, in a dialog.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "signet-country-chooser.h"
#include "signet-country-item.h"

struct _SignetCountryChooser
{
  GtkWindow parent_instance;

  /* Template widgets */
  GtkSearchEntry    *search_entry;
  GtkLabel          *empty_label;
  GtkScrolledWindow *scrolled_window;
  GtkListBox        *list_box;

  /* Owned */
  char              *query;
  GtkListBoxRow     *initial_row;
  guint scroll_tick_id;
};

G_DEFINE_FINAL_TYPE (SignetCountryChooser, signet_country_chooser, GTK_TYPE_WINDOW)

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define ROW_ITEM "signet-country-item"
#define ROW_RANK "signet-country-rank"

/* Dialogs are no wider than this, and no wider than the window they
 * belong to, so that they fit a phone. */
#define DEFAULT_WIDTH  420
#define DEFAULT_HEIGHT 600

static SignetCountryItem *
row_get_item (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), ROW_ITEM);
}

static GtkWidget *
new_row (SignetCountryItem *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (signet_country_item_get_name (item));
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();
  g_autofree char *code = NULL;
  GtkWidget *code_label;

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));

  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_attributes (GTK_LABEL (name), attributes);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);

  code = g_strdup_printf ("+%u", signet_country_item_get_calling_code (item));
  code_label = gtk_label_new (code);
  /* A right-to-left language keeps the "+" in front of the digits. */
  gtk_widget_set_direction (code_label, GTK_TEXT_DIR_LTR);
  gtk_widget_add_css_class (code_label, "dim-label");
  gtk_widget_add_css_class (code_label, "numeric");
  gtk_box_append (GTK_BOX (box), code_label);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), ROW_ITEM, g_object_ref (item), g_object_unref);
  /* The row speaks as "Italy (+39)", not as two labels. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, signet_country_item_get_label (item),
                                  -1);

  return row;
}

/* The rows in the order they show, skipping those the search hides. */
static GtkListBoxRow *
next_visible_row (SignetCountryChooser *self,
                  GtkListBoxRow        *row)
{
  for (int i = row != NULL ? gtk_list_box_row_get_index (row) + 1 : 0; ; i++)
    {
      GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->list_box, i);

      if (next == NULL || gtk_widget_get_child_visible (GTK_WIDGET (next)))
        return next;
    }
}

/*
 * Scrolling the highlighted row into view
 *
 * GtkListBox has no scroll-to in GTK 4.8 and the rows have no place before
 * they are allocated: wait for the frame that gives them one.
 */

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  SignetCountryChooser *self = data;
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  graphene_rect_t bounds;
  double page;

  if (row == NULL)
    {
      self->scroll_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->list_box), &bounds) ||
      bounds.size.height <= 0 || gtk_adjustment_get_page_size (adjustment) <= 0)
    return G_SOURCE_CONTINUE;

  page = gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_set_value (adjustment, bounds.origin.y - (page - bounds.size.height) / 2);
  self->scroll_tick_id = 0;

  return G_SOURCE_REMOVE;
}

static void
scroll_to_selected (SignetCountryChooser *self)
{
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_box), scroll_tick_cb,
                                                         self, NULL);
}

/*
 * Searching
 */

static gboolean
filter_cb (GtkListBoxRow *row,
           gpointer       data)
{
  SignetCountryChooser *self = data;
  guint rank = G_MAXUINT;
  gboolean match;

  match = signet_country_item_match (row_get_item (row), self->query ? self->query : "", &rank);
  g_object_set_data (G_OBJECT (row), ROW_RANK, GUINT_TO_POINTER (rank));

  return match;
}

static int
sort_cb (GtkListBoxRow *a,
         GtkListBoxRow *b,
         gpointer       data)
{
  guint rank_a = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (a), ROW_RANK));
  guint rank_b = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (b), ROW_RANK));

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  return signet_country_item_compare (row_get_item (a), row_get_item (b));
}

/* Filters the list for the text in the search, at once: Enter and Down
 * must not act on the results of what was typed before. */
static void
apply_query (SignetCountryChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkListBoxRow *highlight;
  GtkWidget *focus;

  if (self->query != NULL && g_str_equal (text, self->query))
    return;

  g_free (self->query);
  self->query = g_strdup (text);

  /* The row with the focus may go: typing goes on in the search. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_box)))
    {
      gtk_text_grab_focus_without_selecting (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry))));
      gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
    }

  /* The filter ranks the rows; the sort uses the ranks. */
  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_sort (self->list_box);

  /* Until the person searches, Enter keeps the country they had. */
  if (*text == '\0' && self->initial_row != NULL)
    highlight = self->initial_row;
  else
    highlight = next_visible_row (self, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), highlight == NULL);
  if (highlight != NULL)
    {
      gtk_list_box_select_row (self->list_box, highlight);
      if (*text == '\0')
        scroll_to_selected (self);
      else
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
    }
  else
    gtk_list_box_unselect_all (self->list_box);
}

static void
choose (SignetCountryChooser *self,
        GtkListBoxRow        *row)
{
  SignetCountryItem *item = row_get_item (row);

  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, signet_country_item_get_region (item));
  gtk_window_destroy (GTK_WINDOW (self));
}

/*
 * Callbacks
 */

static void
on_search_changed (SignetCountryChooser *self)
{
  apply_query (self);
}

static void
on_search_activate (SignetCountryChooser *self)
{
  GtkListBoxRow *row;

  apply_query (self);
  row = gtk_list_box_get_selected_row (self->list_box);
  if (row != NULL)
    choose (self, row);
  else
    gtk_widget_error_bell (GTK_WIDGET (self->search_entry));
}

static void
on_stop_search (SignetCountryChooser *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_row_activated (SignetCountryChooser *self,
                  GtkListBoxRow        *row)
{
  choose (self, row);
}

/* Up from the first country goes back to the search. */
static gboolean
on_list_keynav_failed (SignetCountryChooser *self,
                       GtkDirectionType      direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;

  gtk_text_grab_focus_without_selecting (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry))));
  return TRUE;
}

/* Down from the search goes to the highlighted country, so that a screen
 * reader says which one Enter would choose; Down again goes on. */
static gboolean
on_search_key_pressed (SignetCountryChooser  *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *row;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  apply_query (self);
  row = gtk_list_box_get_selected_row (self->list_box);
  if (row == NULL)
    row = next_visible_row (self, NULL);
  if (row == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->search_entry));
      return GDK_EVENT_STOP;
    }

  gtk_list_box_select_row (self->list_box, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));

  return GDK_EVENT_STOP;
}

/*
 * GObject
 */

static void
signet_country_chooser_dispose (GObject *object)
{
  SignetCountryChooser *self = (SignetCountryChooser *) object;

  if (self->scroll_tick_id != 0 && self->list_box != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_box), self->scroll_tick_id);
  self->scroll_tick_id = 0;
  self->initial_row = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), SIGNET_TYPE_COUNTRY_CHOOSER);

  G_OBJECT_CLASS (signet_country_chooser_parent_class)->dispose (object);
}

static void
signet_country_chooser_finalize (GObject *object)
{
  SignetCountryChooser *self = (SignetCountryChooser *) object;

  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (signet_country_chooser_parent_class)->finalize (object);
}

static void
signet_country_chooser_class_init (SignetCountryChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = signet_country_chooser_dispose;
  object_class->finalize = signet_country_chooser_finalize;

  /**
   * SignetCountryChooser::chosen:
   * @region: the country's ISO 3166-1 alpha-2 code
   */
  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* Escape anywhere in the dialog keeps the country chosen before. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/im/signet/Signet/ui/signet-country-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetCountryChooser, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SignetCountryChooser, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SignetCountryChooser, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SignetCountryChooser, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_list_keynav_failed);
}

static void
signet_country_chooser_init (SignetCountryChooser *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_cb, self, NULL);
  gtk_list_box_set_sort_func (self->list_box, sort_cb, self, NULL);
  /* Typing on a country goes on in the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_box));

  /* Before GtkText takes Down to move the focus on. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
}

/*
 * Public API
 */

GtkWidget *
signet_country_chooser_new (GtkWindow  *parent,
                            GListModel *countries,
                            const char *region)
{
  SignetCountryChooser *self;
  guint n;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (countries), NULL);

  /* A dialog to screen readers.  In GTK 4.8 a window's class role does
   * not reach its accessible: it has to be given at construction. */
  self = g_object_new (SIGNET_TYPE_COUNTRY_CHOOSER,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);

  if (parent != NULL)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (parent));
      int height = gtk_widget_get_height (GTK_WIDGET (parent));

      gtk_window_set_default_size (GTK_WINDOW (self),
                                   width > 0 ? MIN (width, DEFAULT_WIDTH) : DEFAULT_WIDTH,
                                   height > 0 ? MIN (height, DEFAULT_HEIGHT) : DEFAULT_HEIGHT);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, DEFAULT_HEIGHT);

  n = g_list_model_get_n_items (countries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SignetCountryItem) item = g_list_model_get_item (countries, i);
      GtkWidget *row;

      /* "Choose a Country" is what the page shows before a choice. */
      if (signet_country_item_get_region (item) == NULL)
        continue;

      row = new_row (item);
      gtk_list_box_append (self->list_box, row);
      if (region != NULL && g_ascii_strcasecmp (signet_country_item_get_region (item), region) == 0)
        self->initial_row = GTK_LIST_BOX_ROW (row);
    }

  apply_query (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_entry));

  return GTK_WIDGET (self);
}

void
signet_country_chooser_set_query (SignetCountryChooser *self,
                                  const char           *query)
{
  g_return_if_fail (SIGNET_IS_COUNTRY_CHOOSER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
  apply_query (self);
}

gboolean
signet_country_chooser_activate (SignetCountryChooser *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SIGNET_IS_COUNTRY_CHOOSER (self), FALSE);

  apply_query (self);
  row = gtk_list_box_get_selected_row (self->list_box);
  if (row == NULL)
    return FALSE;

  choose (self, row);
  return TRUE;
}

void
signet_country_chooser_show_on_row (AdwActionRow      *row,
                                    SignetCountryItem *item)
{
  g_autofree char *accessible = NULL;

  /* The item's getters check @item. */
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  adw_action_row_set_subtitle (row, signet_country_item_get_display_label (item));
  if (signet_country_item_get_region (item) != NULL)
    /* Translators: what a screen reader says on the country row; %s is a
     * country and its calling code, "Italy (+39)". */
    accessible = g_strdup_printf (_("Country: %s"), signet_country_item_get_label (item));
  else
    accessible = g_strdup (_("Country: none chosen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* Without a window manager nothing gives the keyboard back to the window. */
static void
on_row_chooser_destroy (GtkWidget *row)
{
  GtkRoot *root = gtk_widget_get_root (row);

  /* The dialog also goes with the window. */
  if (!GTK_IS_WINDOW (root) || gtk_widget_in_destruction (GTK_WIDGET (root)))
    return;

  gtk_window_present (GTK_WINDOW (root));
  gtk_widget_grab_focus (row);
}

/* A dialog with a search, which fits a phone where a drop-down's popup
 * would not. */
void
signet_country_chooser_open_for_row (AdwActionRow *row,
                                     GListModel   *countries,
                                     const char   *region,
                                     GCallback     chosen,
                                     gpointer      data)
{
  GtkRoot *root;
  GtkWidget *chooser;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  g_return_if_fail (G_IS_LIST_MODEL (countries));
  g_return_if_fail (chosen != NULL);

  root = gtk_widget_get_root (GTK_WIDGET (row));
  chooser = signet_country_chooser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, countries, region);
  g_signal_connect_object (chooser, "chosen", chosen, data, G_CONNECT_SWAPPED);
  g_signal_connect_object (chooser, "destroy", G_CALLBACK (on_row_chooser_destroy), row, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}
