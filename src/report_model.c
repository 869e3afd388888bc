/*
 * report_model.c - accessors over the report model
 */
#include <string.h>

#include "report_model.h"

static int is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr model_first(xmlNodePtr parent, const char *name)
{
	if (!parent)
		return NULL;
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

xmlNodePtr model_next(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr c = node ? node->next : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

const char *model_text(xmlNodePtr node)
{
	if (node && node->children && node->children->type == XML_TEXT_NODE &&
	    !node->children->next && node->children->content)
		return (const char *)node->children->content;
	return "";
}

const char *model_attr(xmlNodePtr node, const char *name)
{
	if (!node)
		return "";
	for (xmlAttrPtr a = node->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->content)
			return (const char *)a->children->content;
	return "";
}

const char *model_child_text(xmlNodePtr parent, const char *name)
{
	return model_text(model_first(parent, name));
}

const char *model_field(xmlNodePtr rule, const char *name)
{
	for (xmlNodePtr f = model_first(rule, "field"); f; f = model_next(f, "field"))
		if (strcmp(model_attr(f, "name"), name) == 0)
			return model_text(f);
	return "";
}

const char *ckl_status_of(const char *r)
{
	if (strcmp(r, "pass") == 0)
		return "NotAFinding";
	if (strcmp(r, "fail") == 0)
		return "Open";
	if (strcmp(r, "notapplicable") == 0)
		return "Not_Applicable";
	return "Not_Reviewed";
}
