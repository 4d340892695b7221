/* signet-xml-node.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SIGNET_XML_ERROR (signet_xml_error_quark ())

typedef enum
{
  SIGNET_XML_ERROR_MALFORMED,
  SIGNET_XML_ERROR_TOO_LARGE,
} SignetXmlError;

GQuark signet_xml_error_quark (void);

/* Namespaces used across the protocol layer. */
#define SIGNET_NS_CLIENT     "jabber:client"
#define SIGNET_NS_STREAM     "http://etherx.jabber.org/streams"
#define SIGNET_NS_TLS        "urn:ietf:params:xml:ns:xmpp-tls"
#define SIGNET_NS_SASL       "urn:ietf:params:xml:ns:xmpp-sasl"
#define SIGNET_NS_STANZAS    "urn:ietf:params:xml:ns:xmpp-stanzas"
#define SIGNET_NS_STREAMS    "urn:ietf:params:xml:ns:xmpp-streams"
#define SIGNET_NS_REGISTER   "jabber:iq:register"
#define SIGNET_NS_REGISTER_FEATURE "http://jabber.org/features/iq-register"
#define SIGNET_NS_DATA_FORMS "jabber:x:data"
#define SIGNET_NS_OOB        "jabber:x:oob"
#define SIGNET_NS_BOB        "urn:xmpp:bob"
#define SIGNET_NS_MEDIA      "urn:xmpp:media-element"
#define SIGNET_NS_CAPTCHA    "urn:xmpp:captcha"
#define SIGNET_NS_PUBKEY     "urn:xmpp:pubkey:2"

/* A small immutable-by-convention XML element tree.  Every node knows its
 * resolved namespace URI, so callers never deal with prefixes. */
typedef struct _SignetXmlNode SignetXmlNode;

#define SIGNET_TYPE_XML_NODE (signet_xml_node_get_type ())

GType          signet_xml_node_get_type       (void) G_GNUC_CONST;
SignetXmlNode *signet_xml_node_new            (const char     *name,
                                               const char     *xmlns);
SignetXmlNode *signet_xml_node_ref            (SignetXmlNode  *self);
void           signet_xml_node_unref          (SignetXmlNode  *self);
SignetXmlNode *signet_xml_node_copy           (SignetXmlNode  *self);

const char    *signet_xml_node_get_name       (SignetXmlNode  *self);
const char    *signet_xml_node_get_namespace  (SignetXmlNode  *self);
gboolean       signet_xml_node_is             (SignetXmlNode  *self,
                                               const char     *name,
                                               const char     *xmlns);

const char    *signet_xml_node_get_attribute  (SignetXmlNode  *self,
                                               const char     *name);
void           signet_xml_node_set_attribute  (SignetXmlNode  *self,
                                               const char     *name,
                                               const char     *value);
/* Returns a NULL-terminated array of alternating names and values. */
const char * const *signet_xml_node_get_attributes (SignetXmlNode *self);

/* The concatenated character data directly inside this element. */
const char    *signet_xml_node_get_text       (SignetXmlNode  *self);
void           signet_xml_node_set_text       (SignetXmlNode  *self,
                                               const char     *text);

guint          signet_xml_node_get_n_children (SignetXmlNode  *self);
SignetXmlNode *signet_xml_node_get_nth_child  (SignetXmlNode  *self,
                                               guint           n);
/* First child with that name and namespace; NULL for either matches any. */
SignetXmlNode *signet_xml_node_get_child      (SignetXmlNode  *self,
                                               const char     *name,
                                               const char     *xmlns);
const char    *signet_xml_node_get_child_text (SignetXmlNode  *self,
                                               const char     *name,
                                               const char     *xmlns);
/* Appends @child (taking a reference) and returns it, borrowed. */
SignetXmlNode *signet_xml_node_append         (SignetXmlNode  *self,
                                               SignetXmlNode  *child);
/* Creates a child element; a NULL @xmlns inherits the parent's namespace. */
SignetXmlNode *signet_xml_node_add_child      (SignetXmlNode  *self,
                                               const char     *name,
                                               const char     *xmlns);
SignetXmlNode *signet_xml_node_add_text_child (SignetXmlNode  *self,
                                               const char     *name,
                                               const char     *xmlns,
                                               const char     *text);

char          *signet_xml_node_to_string      (SignetXmlNode  *self);
SignetXmlNode *signet_xml_node_parse          (const char     *text,
                                               gssize          length,
                                               GError        **error);

/* Incremental reader for an XMPP stream: reports the stream header and each
 * complete top-level element as it arrives.  Used by signet-devserver. */
typedef struct _SignetXmlStreamReader SignetXmlStreamReader;

typedef void (*SignetXmlStreamOpenFunc)    (SignetXmlNode *stream_header,
                                            gpointer       user_data);
typedef void (*SignetXmlStreamElementFunc) (SignetXmlNode *element,
                                            gpointer       user_data);
typedef void (*SignetXmlStreamCloseFunc)   (gpointer       user_data);

SignetXmlStreamReader *signet_xml_stream_reader_new  (SignetXmlStreamOpenFunc     open_func,
                                                      SignetXmlStreamElementFunc  element_func,
                                                      SignetXmlStreamCloseFunc    close_func,
                                                      gpointer                    user_data);
void                   signet_xml_stream_reader_free (SignetXmlStreamReader      *self);
gboolean               signet_xml_stream_reader_feed (SignetXmlStreamReader      *self,
                                                      const char                 *data,
                                                      gsize                       length,
                                                      GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetXmlNode, signet_xml_node_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetXmlStreamReader, signet_xml_stream_reader_free)

G_END_DECLS
