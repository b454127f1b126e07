/* Parser for network captures: `ipconfig /all` (network.ipconfig, one record for the host
 * block and one per adapter), `netsh winhttp show proxy` (network.proxy) and
 * Test-NetConnection lists (network.test); the three may share one file. */
#include <string.h>
#include "parsers_more.h"
#include "parsers_backup.h"

#define BID_IPCONFIG	16	/* "Windows IP Configuration" */
#define BID_DOTTED	8	/* each "   Label . . . . : value" line, up to four */
#define BID_WINHTTP	32	/* "Current WinHTTP proxy settings:" */
#define BID_TNC		32	/* ComputerName, RemoteAddress and a *Succeeded key */
#define BID_MAX		64

#define LIST_MAX	1024	/* bytes of a joined address list */
#define TEXT_MAX	512	/* bytes of kept host name and warnings */
#define EXCERPT_MAX	1024

enum mode { M_NONE, M_IPCONFIG, M_PROXY, M_TNC };

/* ipconfig labels reduced to lower-case ASCII letters and digits. */
enum ipf {
	I_NONE, I_HOST, I_PRIMARY, I_SEARCH, I_SUFFIX, I_DESC, I_MAC, I_DHCP, I_IPV4,
	I_AUTOCONF, I_IPV6, I_MASK, I_GATEWAY, I_DHCPSRV, I_DNS, I_MEDIA
};

static const struct {
	const char *key;
	enum ipf f;
} ip_labels[] = {
	{"hostname", I_HOST}, {"primarydnssuffix", I_PRIMARY},
	{"dnssuffixsearchlist", I_SEARCH}, {"connectionspecificdnssuffix", I_SUFFIX},
	{"description", I_DESC}, {"physicaladdress", I_MAC}, {"dhcpenabled", I_DHCP},
	{"ipv4address", I_IPV4}, {"ipaddress", I_IPV4},
	{"autoconfigurationipv4address", I_AUTOCONF}, {"ipv6address", I_IPV6},
	{"linklocalipv6address", I_IPV6}, {"temporaryipv6address", I_IPV6},
	{"subnetmask", I_MASK}, {"defaultgateway", I_GATEWAY}, {"dhcpserver", I_DHCPSRV},
	{"dnsservers", I_DNS}, {"mediastate", I_MEDIA},
	/* German */
	{"primresdnssuffix", I_PRIMARY}, {"dnssuffixsuchliste", I_SEARCH},
	{"verbindungsspezifischesdnssuffix", I_SUFFIX}, {"beschreibung", I_DESC},
	{"physischeadresse", I_MAC}, {"dhcpaktiviert", I_DHCP}, {"ipv4adresse", I_IPV4},
	{"verbindungslokaleipv6adresse", I_IPV6}, {"ipv6adresse", I_IPV6},
	{"subnetzmaske", I_MASK}, {"standardgateway", I_GATEWAY}, {"dnsserver", I_DNS},
	{"medienstatus", I_MEDIA},
	/* French */
	{"nomdelhte", I_HOST}, {"suffixednsprincipal", I_PRIMARY},
	{"suffixednsproprelaconnexion", I_SUFFIX}, {"adressephysique", I_MAC},
	{"dhcpactiv", I_DHCP}, {"adresseipv4", I_IPV4}, {"masquedesousrseau", I_MASK},
	{"passerellepardfaut", I_GATEWAY}, {"serveurdhcp", I_DHCPSRV},
	{"serveursdns", I_DNS},
};

/* Record field per ipconfig field; lists are space-separated. */
static const struct {
	const char *name;
	int list;
} ip_fields[] = {
	{NULL, 0}, {"host", 0}, {"primary_dns_suffix", 0}, {"dns_suffix_search", 1},
	{"dns_suffix", 0}, {"description", 0}, {"physical_address", 0},
	{"dhcp_enabled", 0}, {"ipv4", 1}, {"ipv4_autoconfig", 1}, {"ipv6", 1},
	{"subnet_mask", 1}, {"default_gateway", 1}, {"dhcp_server", 0}, {"dns_servers", 1},
	{"media_state", 0},
};

#define NLISTS 7	/* list fields are kept here until the record ends */

struct net {
	enum mode mode;
	int open;		/* a record is being built in ctx->rec */
	int adapter;		/* it is an adapter (not the host block) */
	int nfields;		/* fields read into it */
	unsigned set;		/* fields already set: a repeated label is ignored */
	enum ipf last;		/* ipconfig field a continuation line belongs to */
	char host[TEXT_MAX];
	struct strbuf list[NLISTS];
	enum ipf list_of[NLISTS];
	struct strbuf warn;	/* WARNING lines before a Test-NetConnection block */
	struct strbuf excerpt;
};

static void
label_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			out[o++] = (char)(s[i] - 'A' + 'a');
		else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			out[o++] = s[i];
	}
	out[o] = '\0';
}

/* Yes/No in English, German and French. */
static const char *
yes_no(const char *v, size_t n)
{
	static const char *const yes[] = {"Yes", "Ja", "Oui", "True", NULL};
	static const char *const no[] = {"No", "Nein", "Non", "False", NULL};

	if (cmdout_label_is(v, n, yes))
		return "yes";
	if (cmdout_label_is(v, n, no))
		return "no";
	return NULL;
}

static int
ipconfig_header(const char *s, size_t n)
{
	return has_prefix(s, n, "Windows IP Configuration") ||
	    has_prefix(s, n, "Windows-IP-Konfiguration") ||
	    has_prefix(s, n, "Configuration IP de Windows");
}

static int
winhttp_header(const char *s, size_t n)
{
	return n > 0 && !ascii_isblank(s[0]) && s[n - 1] == ':' && mt_memmem(s, n, "WinHTTP", 7);
}

/* "   IPv4 Address. . . . . . . . . . . : 10.0.0.4(Preferred)": label and value. The label
 * holds no ':' in any language, so the first one ends it. */
static int
dotted_line(const char *s, size_t n, const char **lab, size_t *ll, const char **v, size_t *vl)
{
	size_t ind = span_indent(s, n);
	const char *c;

	if (ind == 0 || ind > 6 || (c = memchr(s + ind, ':', n - ind)) == NULL)
		return 0;
	*lab = s + ind;
	*ll = (size_t)(c - *lab);
	while (*ll > 0 && (ascii_isblank((*lab)[*ll - 1]) || (*lab)[*ll - 1] == '.'))
		(*ll)--;
	*v = c + 1;
	*vl = (size_t)(s + n - *v);
	trim_span(v, vl);
	return *ll > 0;
}

/* "ComputerName     : x", "PingReplyDetails (RTT) : 0 ms": a list line at column 0. */
static int
list_line(const char *s, size_t n, const char **lab, size_t *ll, const char **v, size_t *vl)
{
	const char *c;

	if (n == 0 || ascii_isblank(s[0]))
		return 0;
	if ((c = mt_memmem(s, n, " : ", 3)) == NULL) {
		/* "RemoteAddress          :" with no value */
		if (n < 3 || s[n - 1] != ':' || s[n - 2] != ' ')
			return 0;
		c = s + n - 2;
	}
	*lab = s;
	*ll = (size_t)(c - s);
	span_rtrim(*lab, ll);
	*v = c + 2;
	*vl = (size_t)(s + n - *v);
	trim_span(v, vl);
	return *ll > 0 && memchr(*lab, ':', *ll) == NULL;
}

static void
rec_begin(struct parse_ctx *ctx, struct net *nt, const char *kind)
{
	size_t i;

	nt->open = 1;
	nt->nfields = 0;
	nt->set = 0;
	nt->last = I_NONE;
	for (i = 0; i < NLISTS; i++)
		sb_reset(&nt->list[i]);
	sb_reset(&nt->excerpt);
	record_begin(&ctx->rec, kind, ctx->entry, textin_lineno(ctx->in));
}

static void
rec_end(struct parse_ctx *ctx, struct net *nt)
{
	struct record *r = &ctx->rec;
	size_t i;

	if (!nt->open)
		return;
	nt->open = 0;
	if (nt->nfields == 0 && strcmp(r->kind, "network.ipconfig") != 0)
		return;
	for (i = 0; i < NLISTS; i++)
		if (nt->list[i].len)
			record_set(r, ip_fields[nt->list_of[i]].name, nt->list[i].s,
			    nt->list[i].len);
	if (strcmp(r->kind, "network.ipconfig") == 0 && nt->host[0] &&
	    record_get(r, "host") == NULL)
		record_sets(r, "host", nt->host);
	if (nt->excerpt.len)
		record_set_excerpt(r, nt->excerpt.s, nt->excerpt.len);
	parse_emit(ctx);
}

/* Adds a value to a list field; "10.0.0.4(Preferred)" loses its note. */
static void
list_add(struct net *nt, enum ipf f, const char *v, size_t n)
{
	const char *p = memchr(v, '(', n);
	size_t i;

	if (p && p > v)
		n = (size_t)(p - v);
	span_rtrim(v, &n);
	if (n == 0)
		return;
	for (i = 0; i < NLISTS; i++)
		if (nt->list_of[i] == f || nt->list[i].len == 0)
			break;
	if (i == NLISTS)
		return;
	nt->list_of[i] = f;
	cmdout_append(&nt->list[i], " ", v, n, LIST_MAX);
}

static void
ip_field(struct parse_ctx *ctx, struct net *nt, enum ipf f, const char *v, size_t n)
{
	const char *yn;

	nt->last = f;
	if (f == I_NONE)
		return;
	nt->nfields++;
	if (ip_fields[f].list) {
		list_add(nt, f, v, n);
		return;
	}
	if (nt->set & (1u << f))
		return;
	nt->set |= 1u << f;
	if (f == I_DHCP && (yn = yes_no(v, n)) != NULL) {
		record_sets(&ctx->rec, "dhcp_enabled", yn);
		return;
	}
	if (f == I_HOST) {
		n = parse_utf8_cut(v, n, sizeof nt->host - 1);
		memcpy(nt->host, v, n);
		nt->host[n] = '\0';
	}
	record_set(&ctx->rec, ip_fields[f].name, v, n);
}

static void
ipconfig_line(struct parse_ctx *ctx, struct net *nt, const char *s, size_t n)
{
	const char *lab, *v;
	size_t ll, vl, i;
	char key[64];
	enum ipf f = I_NONE;

	if (n > 0 && !ascii_isblank(s[0]) && s[n - 1] == ':') {
		/* "Ethernet adapter Ethernet:" */
		rec_end(ctx, nt);
		rec_begin(ctx, nt, "network.ipconfig");
		nt->adapter = 1;
		ll = n - 1;
		span_rtrim(s, &ll);
		record_set(&ctx->rec, "adapter", s, ll);
		cmdout_append(&nt->excerpt, "\n", s, n, EXCERPT_MAX);
		return;
	}
	if (span_indent(s, n) > 6 && nt->open) {
		/* A further DNS server, gateway or address under the last label. */
		if (nt->last != I_NONE && ip_fields[nt->last].list) {
			v = s;
			vl = n;
			trim_span(&v, &vl);
			list_add(nt, nt->last, v, vl);
		}
		return;
	}
	if (!dotted_line(s, n, &lab, &ll, &v, &vl))
		return;
	if (!nt->open) {
		rec_begin(ctx, nt, "network.ipconfig");
		nt->adapter = 0;
	}
	label_key(lab, ll, key, sizeof key);
	for (i = 0; i < MT_ARRAY_LEN(ip_labels); i++)
		if (strcmp(key, ip_labels[i].key) == 0)
			f = ip_labels[i].f;
	cmdout_append(&nt->excerpt, "\n", s, n, EXCERPT_MAX);
	ip_field(ctx, nt, f, v, vl);
}

static void
proxy_line(struct parse_ctx *ctx, struct net *nt, const char *s, size_t n)
{
	const char *lab, *v;
	size_t ll, vl;

	if (n == 0) {
		if (nt->nfields)
			rec_end(ctx, nt);
		return;
	}
	if (!nt->open || nt->nfields >= 2 || !ascii_isblank(s[0]))
		return;
	cmdout_append(&nt->excerpt, "\n", s, n, EXCERPT_MAX);
	if (cmdout_label_value(s, n, &lab, &ll, &v, &vl) != 0) {
		/* "    Direct access (no proxy server)." in any language */
		record_sets(&ctx->rec, "direct", "yes");
		nt->nfields++;
		return;
	}
	/* "Proxy Server(s) :" then "Bypass List     :", in that order in every language. */
	record_sets(&ctx->rec, "direct", "no");
	record_set(&ctx->rec, nt->nfields == 0 ? "proxy_server" : "bypass_list", v, vl);
	nt->nfields++;
}

static void
tnc_field(struct parse_ctx *ctx, struct net *nt, const char *lab, size_t ll, const char *v,
    size_t vl)
{
	static const struct {
		const char *label;
		const char *field;
		int yesno;
	} keys[] = {
		{"ComputerName", "computer_name", 0}, {"RemoteAddress", "remote_address", 0},
		{"RemotePort", "remote_port", 0}, {"InterfaceAlias", "interface_alias", 0},
		{"SourceAddress", "source_address", 0},
		{"TcpTestSucceeded", "tcp_test_succeeded", 1},
		{"PingSucceeded", "ping_succeeded", 1},
		{"NameResolutionSucceeded", "name_resolution_succeeded", 1},
		{"PingReplyDetails (RTT)", "ping_rtt", 0},
	};
	const char *yn;
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(keys); i++) {
		if (strlen(keys[i].label) != ll || ascii_ncasecmp(lab, keys[i].label, ll) != 0)
			continue;
		if (nt->set & (1u << i))
			return;
		nt->set |= 1u << i;
		if (keys[i].yesno && (yn = yes_no(v, vl)) != NULL)
			record_sets(&ctx->rec, keys[i].field, yn);
		else
			record_set(&ctx->rec, keys[i].field, v, vl);
		nt->nfields++;
		return;
	}
}

static void
tnc_end(struct parse_ctx *ctx, struct net *nt)
{
	struct record *r = &ctx->rec;
	const char *a;

	if (!nt->open || nt->mode != M_TNC)
		return;
	if (record_get(r, "name_resolution_succeeded") == NULL) {
		/* Not printed without -InformationLevel Detailed: inferred. */
		if (nt->warn.len && ascii_casestr(nt->warn.s, nt->warn.len, "Name resolution of"))
			record_sets(r, "name_resolution_succeeded", "no");
		else if ((a = record_get(r, "remote_address")) != NULL && *a)
			record_sets(r, "name_resolution_succeeded", "yes");
	}
	if (nt->warn.len)
		record_set(r, "warning", nt->warn.s, nt->warn.len);
	sb_reset(&nt->warn);
	rec_end(ctx, nt);
}

static void
tnc_line(struct parse_ctx *ctx, struct net *nt, const char *s, size_t n)
{
	const char *lab, *v;
	size_t ll, vl;

	if (n == 0) {
		if (nt->nfields >= 2)
			tnc_end(ctx, nt);
		return;
	}
	if (has_prefix(s, n, "WARNING: ") || has_prefix(s, n, "WARNUNG: ") ||
	    has_prefix(s, n, "AVERTISSEMENT")) {
		tnc_end(ctx, nt);
		cmdout_append(&nt->warn, "\n", s, n, TEXT_MAX);
		return;
	}
	if (!list_line(s, n, &lab, &ll, &v, &vl))
		return;
	if (ll == 12 && ascii_ncasecmp(lab, "ComputerName", 12) == 0) {
		tnc_end(ctx, nt);
		rec_begin(ctx, nt, "network.test");
	}
	if (!nt->open)
		return;
	cmdout_append(&nt->excerpt, "\n", s, n, EXCERPT_MAX);
	tnc_field(ctx, nt, lab, ll, v, vl);
}

static int
tnc_start(const char *s, size_t n)
{
	return has_prefix(s, n, "ComputerName ") || has_prefix(s, n, "ComputerName:") ||
	    has_prefix(s, n, "WARNING: TCP connect to") ||
	    has_prefix(s, n, "WARNING: Name resolution of") ||
	    has_prefix(s, n, "WARNING: Ping to");
}

static void
end_mode(struct parse_ctx *ctx, struct net *nt)
{
	if (nt->mode == M_TNC)
		tnc_end(ctx, nt);
	rec_end(ctx, nt);
	sb_reset(&nt->warn);
	nt->mode = M_NONE;
}

static void
network_line(struct parse_ctx *ctx, struct net *nt, const char *s, size_t n)
{
	if (ipconfig_header(s, n)) {
		end_mode(ctx, nt);
		nt->mode = M_IPCONFIG;
		nt->host[0] = '\0';
		return;
	}
	if (winhttp_header(s, n)) {
		end_mode(ctx, nt);
		nt->mode = M_PROXY;
		rec_begin(ctx, nt, "network.proxy");
		cmdout_append(&nt->excerpt, "\n", s, n, EXCERPT_MAX);
		return;
	}
	if (nt->mode != M_TNC && tnc_start(s, n)) {
		end_mode(ctx, nt);
		nt->mode = M_TNC;
	}
	switch (nt->mode) {
	case M_IPCONFIG:
		ipconfig_line(ctx, nt, s, n);
		break;
	case M_PROXY:
		proxy_line(ctx, nt, s, n);
		break;
	case M_TNC:
		tnc_line(ctx, nt, s, n);
		break;
	default:
		break;
	}
}

static int
network_parse(struct parse_ctx *ctx)
{
	struct net nt;
	struct cmderr ce;
	const char *line;
	size_t len, i;
	int rc, taken;

	memset(&nt, 0, sizeof nt);
	cmderr_init(&ce, NULL);
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		span_rtrim(line, &len);
		taken = cmderr_line(&ce, line, len, textin_lineno(ctx->in));
		if (cmderr_ready(&ce)) {
			end_mode(ctx, &nt);
			cmderr_emit(&ce, ctx);
		}
		if (!taken)
			network_line(ctx, &nt, line, len);
	}
	end_mode(ctx, &nt);
	cmderr_finish(&ce);
	cmderr_emit(&ce, ctx);
	for (i = 0; i < NLISTS; i++)
		sb_free(&nt.list[i]);
	sb_free(&nt.warn);
	sb_free(&nt.excerpt);
	return rc < 0 ? -1 : 0;
}

static int
network_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *lab, *v;
	size_t ll, pos = 0, labl, vl;
	int header = 0, dotted = 0, winhttp = 0, cn = 0, ra = 0, ok = 0, bid = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		span_rtrim(l, &ll);
		if (ipconfig_header(l, ll))
			header = 1;
		else if (winhttp_header(l, ll))
			winhttp = 1;
		else if (dotted_line(l, ll, &lab, &labl, &v, &vl) &&
		    mt_memmem(l, ll, ". . .", 5) != NULL)
			dotted++;
		else if (list_line(l, ll, &lab, &labl, &v, &vl)) {
			cn |= labl == 12 && memcmp(lab, "ComputerName", 12) == 0;
			ra |= labl == 13 && memcmp(lab, "RemoteAddress", 13) == 0;
			ok |= (labl == 16 && memcmp(lab, "TcpTestSucceeded", 16) == 0) ||
			    (labl == 13 && memcmp(lab, "PingSucceeded", 13) == 0);
		}
	}
	if (dotted >= 2 || (header && dotted))
		bid += header * BID_IPCONFIG + (dotted > 4 ? 4 : dotted) * BID_DOTTED;
	if (winhttp)
		bid += BID_WINHTTP;
	if (cn && ra && ok)
		bid += BID_TNC;
	return bid > BID_MAX ? BID_MAX : bid;
}

static const char *const network_globs[] = {
	"*ipconfig*", "*proxy*", "*winhttp*", "*netconnection*", "*network*", "*tnc*", NULL
};

const struct parser parser_network = {
	"network",
	"ipconfig /all, netsh winhttp show proxy, Test-NetConnection",
	network_globs,
	network_bid,
	network_parse
};
