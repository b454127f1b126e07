/* The parsers of small XML documents other than event XML: msinfo32 exports and the
 * agent's settings file. */
#ifndef MT_PARSERS_XML_H
#define MT_PARSERS_XML_H

#include "parser.h"

extern const struct parser parser_msinfo;	/* msinfo32 .nfo exports */
extern const struct parser parser_cbsettings;	/* the agent's CBSettings.xml */

#endif
