/* signet-test-gui.c: helpers for the GUI tests.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "signet-test-gui.h"

static char *screenshot_dir;

void
signet_test_gui_load_style_sheet (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/im/signet/Signet/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
signet_test_gui_set_up_screenshots (void)
{
  const char *dir = g_getenv ("SIGNET_SCREENSHOTS");

  g_free (screenshot_dir);
  screenshot_dir = dir ? g_strdup (dir) : g_build_filename (g_get_tmp_dir (), "signet-screenshots", NULL);
  g_mkdir_with_parents (screenshot_dir, 0755);
  g_printerr ("Screenshots go to %s\n", screenshot_dir);
}

void
signet_test_gui_init (int    *argc,
                      char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* What AdwApplication does for the real application. */
  signet_test_gui_load_style_sheet ();

  /* No animations: every screenshot shows the end state.  No blinking
   * cursor either: its timeout, firing while another window has the X
   * focus, warns that GtkText "did not receive a focus-out event". */
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE,
                NULL);

  signet_test_gui_set_up_screenshots ();
}

const char *
signet_test_gui_get_screenshot_dir (void)
{
  return screenshot_dir;
}

void
signet_test_gui_wait_until (SignetTestPredicate predicate,
                            gpointer            data,
                            guint               seconds,
                            const char         *what)
{
  signet_test_async_wait_for (predicate, data, seconds, what);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static gboolean
ticked_enough (gpointer data)
{
  return *(guint *) data >= 3;
}

void
signet_test_gui_wait_for_frames (GtkWidget *widget)
{
  guint ticks = 0;
  guint id = gtk_widget_add_tick_callback (widget, on_tick, &ticks, NULL);

  signet_test_gui_wait_until (ticked_enough, &ticks, 30, "frames");
  gtk_widget_remove_tick_callback (widget, id);
}

void
signet_test_gui_flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GtkWindow *
signet_test_gui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* Mapped, not only visible: a dialog being closed is still visible
       * for a moment after its response, and one just presented is not
       * on screen yet. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return signet_test_gui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

GtkWindow *
signet_test_gui_wait_for_toplevel (GType type)
{
  signet_test_gui_wait_until (has_toplevel, GSIZE_TO_POINTER (type), 60, g_type_name (type));
  return signet_test_gui_find_toplevel (type);
}

typedef gboolean (*WidgetMatch) (GtkWidget    *widget,
                                 gconstpointer data);

/* The first widget under @root, depth first, that @matches. */
static GtkWidget *
find_first (GtkWidget    *root,
            WidgetMatch   matches,
            gconstpointer data)
{
  if (matches (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, matches, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct {
  GType type;
  const char *name;
} WidgetQuery;

static gboolean
is_widget (GtkWidget    *widget,
           gconstpointer data)
{
  const WidgetQuery *query = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, query->type) &&
         (query->name == NULL || g_strcmp0 (gtk_widget_get_name (widget), query->name) == 0);
}

GtkWidget *
signet_test_gui_find_widget (GtkWidget  *root,
                             GType       type,
                             const char *name)
{
  WidgetQuery query = { type, name };

  return find_first (root, is_widget, &query);
}

static gboolean
is_built (GtkWidget    *widget,
          gconstpointer id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

gpointer
signet_test_gui_get_built (gpointer    widget,
                           const char *id)
{
  GtkWidget *built = find_first (GTK_WIDGET (widget), is_built, id);

  g_assert_nonnull (built);
  return built;
}

gpointer
signet_test_gui_get_child (gpointer    widget,
                           GType       type,
                           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
is_label_with (GtkWidget    *widget,
               gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

GtkLabel *
signet_test_gui_find_label (GtkWidget  *root,
                            const char *text)
{
  return GTK_LABEL (find_first (root, is_label_with, text));
}

static gboolean
has_size (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

/* What a widget paintable shows is the widget's last drawing: nothing
 * before its first frame, nor between a change and the next frame. */
typedef struct
{
  GtkWidget     *widget;
  GdkPaintable  *paintable;
  GskRenderNode *node;
} Drawing;

static gboolean
has_drawing (gpointer data)
{
  Drawing *drawing = data;
  GtkSnapshot *snapshot;

  if (!has_size (drawing->widget))
    return FALSE;

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (drawing->paintable, snapshot, gtk_widget_get_width (drawing->widget),
                          gtk_widget_get_height (drawing->widget));
  g_clear_pointer (&drawing->node, gsk_render_node_unref);
  drawing->node = gtk_snapshot_free_to_node (snapshot);
  return drawing->node != NULL;
}

void
signet_test_gui_save_png (GtkWidget  *widget,
                          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  Drawing drawing = { widget, paintable, NULL };
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  /* An empty widget draws nothing, and a screenshot of nothing shows nothing. */
  signet_test_gui_wait_until (has_drawing, &drawing, 30, "the widget to be laid out and drawn");
  texture = gsk_renderer_render_texture (renderer, drawing.node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  g_clear_pointer (&drawing.node, gsk_render_node_unref);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The default size counts the client-side decorations' borders too. */
void
signet_test_gui_resize (GtkWindow *window,
                        int        width,
                        int        height)
{
  GtkWidget *widget = GTK_WIDGET (window);

  gtk_window_set_default_size (window, width, height);
  signet_test_gui_wait_for_frames (widget);

  if (gtk_widget_get_width (widget) != width || gtk_widget_get_height (widget) != height)
    {
      gtk_window_set_default_size (window,
                                   2 * width - gtk_widget_get_width (widget),
                                   2 * height - gtk_widget_get_height (widget));
      signet_test_gui_wait_for_frames (widget);
    }

  if (gtk_widget_get_width (widget) != width)
    g_test_message ("The window is %d px wide, not %d", gtk_widget_get_width (widget), width);
}

void
signet_test_gui_shoot (GtkWindow  *window,
                       GtkWindow  *dialog,
                       const char *name,
                       int         rest_width)
{
  signet_test_gui_shoot_with (window, dialog, name, rest_width, NULL, NULL);
}

void
signet_test_gui_shoot_with (GtkWindow  *window,
                            GtkWindow  *dialog,
                            const char *name,
                            int         rest_width,
                            void (     *before_save ) (gpointer data),
                            gpointer    data)
{
  static const int widths[] = { 1024, 360 };
  AdwStyleManager *style = adw_style_manager_get_default ();

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint dark = 0; dark <= 1; dark++)
      {
        g_autofree char *file = NULL;
        g_autofree char *path = NULL;

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        signet_test_gui_resize (window, widths[w], 720);
        if (before_save != NULL)
          before_save (data);

        file = g_strdup_printf ("%s-%d-%s.png", name, widths[w], dark ? "dark" : "light");
        path = g_build_filename (screenshot_dir, file, NULL);
        signet_test_gui_save_png (GTK_WIDGET (window), path);

        if (dialog != NULL)
          {
            g_autofree char *dialog_file = g_strdup_printf ("%s-dialog-%d-%s.png", name, widths[w],
                                                            dark ? "dark" : "light");
            g_autofree char *dialog_path = g_build_filename (screenshot_dir, dialog_file, NULL);

            /* A dialog as wide as the screen allows, on a narrow one; message
             * dialogs fit themselves to their parent. */
            if (ADW_IS_MESSAGE_DIALOG (dialog))
              signet_test_gui_wait_for_frames (GTK_WIDGET (dialog));
            else if (widths[w] < 400)
              signet_test_gui_resize (dialog, widths[w], 640);
            else
              signet_test_gui_resize (dialog, 440, 580);
            signet_test_gui_save_png (GTK_WIDGET (dialog), dialog_path);
          }
      }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  signet_test_gui_resize (window, rest_width, 720);
}
