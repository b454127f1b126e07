/* Tests for the network parser: ipconfig /all (English, German, UTF-16), netsh winhttp
 * show proxy (direct and set), Test-NetConnection with warnings, mixed files, and bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))

Test(parse_network, ipconfig_host_and_adapters)
{
	struct run r;

	run_parser(&parser_network, "ipconfig.txt", 0, IPCONFIG, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(r.h.r[0].kind, "network.ipconfig");
	cr_assert_str_eq(F(0, "host"), "WIN-RIBN7SM07BK");
	cr_assert_str_eq(F(0, "primary_dns_suffix"), "contoso.local");
	cr_assert_str_eq(F(0, "dns_suffix_search"), "contoso.local reddog.microsoft.com");
	cr_assert_null(F(0, "adapter"));
	cr_assert_eq(r.h.r[0].line, 4);
	cr_assert_str_eq(F(1, "adapter"), "Ethernet adapter Ethernet");
	cr_assert_str_eq(F(1, "host"), "WIN-RIBN7SM07BK");
	cr_assert_str_eq(F(1, "dns_suffix"), "reddog.microsoft.com");
	cr_assert_str_eq(F(1, "description"), "Microsoft Hyper-V Network Adapter");
	cr_assert_str_eq(F(1, "physical_address"), "00-0D-3A-12-34-56");
	cr_assert_str_eq(F(1, "dhcp_enabled"), "yes");
	cr_assert_str_eq(F(1, "ipv4"), "10.0.0.4");
	cr_assert_str_eq(F(1, "ipv6"), "fe80::1c2b:3d4e:5f60:7182%4");
	cr_assert_str_eq(F(1, "subnet_mask"), "255.255.255.0");
	cr_assert_str_eq(F(1, "default_gateway"), "10.0.0.1");
	cr_assert_str_eq(F(1, "dhcp_server"), "168.63.129.16");
	cr_assert_str_eq(F(1, "dns_servers"), "10.0.0.10 168.63.129.16");
	cr_assert_eq(r.h.r[1].line, 12);
	cr_assert_str_eq(F(2, "adapter"), "Tunnel adapter isatap.reddog.microsoft.com");
	cr_assert_str_eq(F(2, "media_state"), "Media disconnected");
	cr_assert_str_eq(F(2, "dhcp_enabled"), "no");
	cr_assert_null(F(2, "ipv4"));
	run_free(&r);
}

Test(parse_network, ipconfig_utf16)
{
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(IPCONFIG, &n);
	run_parser_env(&parser_network, "ipconfig.txt", 0, NULL, b, n, 11, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(F(1, "dns_servers"), "10.0.0.10 168.63.129.16");
	free(b);
	run_free(&r);
}

Test(parse_network, ipconfig_german)
{
	static const char text[] =
	    "\n"
	    "Windows-IP-Konfiguration\n"
	    "\n"
	    "   Hostname  . . . . . . . . . . . . : SRV-DATEI01\n"
	    "   Primäres DNS-Suffix . . . . . . . : contoso.local\n"
	    "   Knotentyp . . . . . . . . . . . . : Hybrid\n"
	    "\n"
	    "Ethernet-Adapter Ethernet0:\n"
	    "\n"
	    "   Verbindungsspezifisches DNS-Suffix: \n"
	    "   Beschreibung. . . . . . . . . . . : vmxnet3 Ethernet Adapter\n"
	    "   DHCP aktiviert. . . . . . . . . . : Nein\n"
	    "   IPv4-Adresse  . . . . . . . . . . : 192.168.10.20(Bevorzugt) \n"
	    "   Standardgateway . . . . . . . . . : 192.168.10.1\n"
	    "   DNS-Server  . . . . . . . . . . . : 192.168.10.5\n"
	    "                                       192.168.10.6\n";
	struct run r;

	cr_assert_gt(bid_text(&parser_network, "ip.txt", text, strlen(text)), 0);
	run_parser(&parser_network, "ip.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "host"), "SRV-DATEI01");
	cr_assert_str_eq(F(0, "primary_dns_suffix"), "contoso.local");
	cr_assert_str_eq(F(1, "adapter"), "Ethernet-Adapter Ethernet0");
	cr_assert_str_eq(F(1, "dhcp_enabled"), "no");
	cr_assert_str_eq(F(1, "ipv4"), "192.168.10.20");
	cr_assert_str_eq(F(1, "dns_servers"), "192.168.10.5 192.168.10.6");
	cr_assert_str_eq(F(1, "dns_suffix"), "");
	run_free(&r);
}

Test(parse_network, winhttp_proxy_set)
{
	struct run r;

	run_parser(&parser_network, "proxy.txt", 0, NETSH_PROXY, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "network.proxy");
	cr_assert_str_eq(F(0, "direct"), "no");
	cr_assert_str_eq(F(0, "proxy_server"), "proxy.contoso.local:8080");
	cr_assert_str_eq(F(0, "bypass_list"), "<local>;*.contoso.local");
	cr_assert_eq(r.h.r[0].line, 2);
	run_free(&r);
}

Test(parse_network, winhttp_direct_english_and_german)
{
	static const char en[] =
	    "\nCurrent WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n\n";
	static const char de[] =
	    "\nAktuelle WinHTTP-Proxyeinstellungen:\n\n    Direkter Zugriff (kein Proxyserver).\n\n";
	struct run r;

	run_parser(&parser_network, "proxy.txt", 0, en, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "direct"), "yes");
	cr_assert_null(F(0, "proxy_server"));
	run_free(&r);
	run_parser(&parser_network, "proxy.txt", 0, de, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "direct"), "yes");
	run_free(&r);
}

Test(parse_network, test_netconnection)
{
	struct run r;

	run_parser(&parser_network, "tnc.txt", 0, TNC, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(r.h.r[0].kind, "network.test");
	cr_assert_str_eq(F(0, "computer_name"), "pod01-rec2.wus2.backup.windowsazure.com");
	cr_assert_str_eq(F(0, "remote_address"), "20.42.73.1");
	cr_assert_str_eq(F(0, "remote_port"), "443");
	cr_assert_str_eq(F(0, "tcp_test_succeeded"), "yes");
	cr_assert_str_eq(F(0, "name_resolution_succeeded"), "yes");
	cr_assert_null(F(0, "warning"));
	cr_assert_eq(r.h.r[0].line, 3);
	cr_assert_str_eq(F(1, "computer_name"), "login.microsoftonline.com");
	cr_assert_str_eq(F(1, "tcp_test_succeeded"), "no");
	cr_assert_str_eq(F(1, "ping_succeeded"), "no");
	cr_assert_str_eq(F(1, "ping_rtt"), "0 ms");
	cr_assert_str_eq(F(1, "warning"), "WARNING: TCP connect to (20.38.0.7 : 443) failed\n"
	    "WARNING: Ping to 20.38.0.7 failed with status: TimedOut");
	run_free(&r);
}

Test(parse_network, name_resolution_failure)
{
	static const char text[] =
	    "WARNING: Name resolution of nosuchvault.backup.windowsazure.com failed\n"
	    "\n"
	    "\n"
	    "ComputerName   : nosuchvault.backup.windowsazure.com\n"
	    "RemoteAddress  :\n"
	    "InterfaceAlias :\n"
	    "SourceAddress  :\n"
	    "PingSucceeded  : False\n"
	    "\n";
	struct run r;

	run_parser(&parser_network, "tnc.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "remote_address"), "");
	cr_assert_str_eq(F(0, "name_resolution_succeeded"), "no");
	cr_assert_str_eq(F(0, "ping_succeeded"), "no");
	run_free(&r);
}

Test(parse_network, mixed_file_with_error)
{
	static const char text[] =
	    NETSH_PROXY
	    "Test-NetConnection : The term 'Test-NetConnection' is not recognized as the name of a\n"
	    "cmdlet, function, script file, or operable program.\n"
	    "At line:1 char:1\n"
	    "+ Test-NetConnection login.microsoftonline.com -Port 443\n"
	    "+ ~~~~~~~~~~~~~~~~~~\n"
	    "    + CategoryInfo          : ObjectNotFound: (Test-NetConnection:String) [], CommandNotFoundException\n"
	    "    + FullyQualifiedErrorId : CommandNotFoundException\n"
	    "\n"
	    IPCONFIG;
	struct run r;

	run_parser(&parser_network, "network.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 5);
	cr_assert_str_eq(r.h.r[0].kind, "network.proxy");
	cr_assert_str_eq(r.h.r[1].kind, "command.error");
	cr_assert_str_eq(F(1, "command"), "Test-NetConnection");
	cr_assert_str_eq(r.h.r[2].kind, "network.ipconfig");
	cr_assert_str_eq(F(4, "adapter"), "Tunnel adapter isatap.reddog.microsoft.com");
	run_free(&r);
}

Test(parse_network, bids_only_on_its_samples)
{
	char why[1024];

	cr_assert_eq(bid_matrix(&parser_network, why, sizeof why), 0, "%s", why);
}
