/* Captured outputs shared by the tests of the system, service, registry, time, network and
 * command-error parsers: each test reads records from the samples of its parser and checks
 * that its parser bids on them and on no other sample. */
#ifndef MT_TEST_SAMPLES_MORE_H
#define MT_TEST_SAMPLES_MORE_H

#include <stdio.h>
#include <string.h>
#include "parse_harness.h"
#include "parsers_more.h"

/* systeminfo on an English Windows Server 2022 (formats.md 8.3). */
#define SYSTEMINFO_EN \
	"\n" \
	"Host Name:                 WIN-RIBN7SM07BK\n" \
	"OS Name:                   Microsoft Windows Server 2022 Standard\n" \
	"OS Version:                10.0.20348 N/A Build 20348\n" \
	"OS Manufacturer:           Microsoft Corporation\n" \
	"OS Configuration:          Standalone Server\n" \
	"OS Build Type:             Multiprocessor Free\n" \
	"Registered Owner:          Windows User\n" \
	"Registered Organization:\n" \
	"Product ID:                00454-10000-00001-AA483\n" \
	"Original Install Date:     10/1/2021, 4:15:34 PM\n" \
	"System Boot Time:          10/22/2021, 8:36:55 AM\n" \
	"System Manufacturer:       Microsoft Corporation\n" \
	"System Model:              Virtual Machine\n" \
	"System Type:               x64-based PC\n" \
	"Processor(s):              1 Processor(s) Installed.\n" \
	"                           [01]: Intel64 Family 6 Model 158 Stepping 9 GenuineIntel ~2808 Mhz\n" \
	"BIOS Version:              Microsoft Corporation Hyper-V UEFI Release v4.0, 12/17/2019\n" \
	"Windows Directory:         C:\\Windows\n" \
	"System Directory:          C:\\Windows\\system32\n" \
	"Boot Device:               \\Device\\HarddiskVolume1\n" \
	"System Locale:             en-us;English (United States)\n" \
	"Input Locale:              en-us;English (United States)\n" \
	"Time Zone:                 (UTC-08:00) Pacific Time (US & Canada)\n" \
	"Total Physical Memory:     2,047 MB\n" \
	"Available Physical Memory: 900 MB\n" \
	"Virtual Memory: Max Size:  3,199 MB\n" \
	"Virtual Memory: Available: 2,143 MB\n" \
	"Virtual Memory: In Use:    1,056 MB\n" \
	"Page File Location(s):     D:\\pagefile.sys\n" \
	"Domain:                    WORKGROUP\n" \
	"Logon Server:              \\\\WIN-RIBN7SM07BK\n" \
	"Hotfix(s):                 3 Hotfix(s) Installed.\n" \
	"                           [01]: KB5004330\n" \
	"                           [02]: KB5005039\n" \
	"                           [03]: KB5005552\n" \
	"Network Card(s):           1 NIC(s) Installed.\n" \
	"                           [01]: Microsoft Hyper-V Network Adapter\n" \
	"                                 Connection Name: Ethernet\n" \
	"                                 DHCP Enabled:    Yes\n" \
	"                                 DHCP Server:     168.63.129.16\n" \
	"                                 IP address(es)\n" \
	"                                 [01]: 10.0.0.4\n" \
	"Hyper-V Requirements:      A hypervisor has been detected. Features required for Hyper-V will not be displayed.\n"

/* systeminfo on a German Windows Server 2019 (values from column 48). */
#define SYSTEMINFO_DE \
	"\n" \
	"Hostname:                                      SRV-DATEI01\n" \
	"Betriebssystemname:                            Microsoft Windows Server 2019 Standard\n" \
	"Betriebssystemversion:                         10.0.17763 Nicht zutreffend Build 17763\n" \
	"Betriebssystemhersteller:                      Microsoft Corporation\n" \
	"Betriebssystemkonfiguration:                   Mitgliedsserver\n" \
	"Betriebssystem-Buildtyp:                       Multiprocessor Free\n" \
	"Registrierter Benutzer:                        Windows-Benutzer\n" \
	"Registrierte Organisation:\n" \
	"Produkt-ID:                                    00429-70000-00000-AA535\n" \
	"Ursprüngliches Installationsdatum:             15.03.2020, 10:12:33\n" \
	"Systemstartzeit:                               01.10.2021, 07:45:12\n" \
	"Systemhersteller:                              VMware, Inc.\n" \
	"Systemmodell:                                  VMware7,1\n" \
	"Systemtyp:                                     x64-based PC\n" \
	"Prozessor(en):                                 2 Prozessor(en) installiert.\n" \
	"                                               [01]: Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2295 MHz\n" \
	"                                               [02]: Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2295 MHz\n" \
	"BIOS-Version:                                  VMware, Inc. VMW71.00V.16707776.B64.2008070230, 07.08.2020\n" \
	"Windows-Verzeichnis:                           C:\\Windows\n" \
	"System-Verzeichnis:                            C:\\Windows\\system32\n" \
	"Startgerät:                                    \\Device\\HarddiskVolume2\n" \
	"Systemgebietsschema:                           de;Deutsch (Deutschland)\n" \
	"Eingabegebietsschema:                          de;Deutsch (Deutschland)\n" \
	"Zeitzone:                                      (UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien\n" \
	"Gesamter physischer Speicher:                  8.191 MB\n" \
	"Verfügbarer physischer Speicher:               5.123 MB\n" \
	"Virtueller Arbeitsspeicher: Maximale Größe:    9.471 MB\n" \
	"Virtueller Arbeitsspeicher: Verfügbar:         6.012 MB\n" \
	"Virtueller Arbeitsspeicher: Zurzeit verwendet: 3.459 MB\n" \
	"Auslagerungsdateipfad(e):                      C:\\pagefile.sys\n" \
	"Domäne:                                        contoso.local\n" \
	"Anmeldeserver:                                 \\\\DC01\n" \
	"Hotfix(es):                                    4 Hotfix(e) installiert.\n" \
	"                                               [01]: KB4514366\n" \
	"                                               [02]: KB4512577\n" \
	"                                               [03]: KB4589208\n" \
	"                                               [04]: KB5005568\n" \
	"Netzwerkkarte(n):                              1 Netzwerkadapter installiert.\n" \
	"                                               [01]: vmxnet3 Ethernet Adapter\n" \
	"Hyper-V-Anforderungen:                         Es wurde ein Hypervisor erkannt. Features, die für Hyper-V erforderlich sind, werden nicht angezeigt.\n"

/* systeminfo on a French Windows Server 2016, labels with U+2019 apostrophes. */
#define SYSTEMINFO_FR \
	"\n" \
	"Nom de l’hôte:                              SRV-COMPTA\n" \
	"Nom du système d’exploitation:              Microsoft Windows Server 2016 Datacenter\n" \
	"Version du système:                         10.0.14393 N/A version 14393\n" \
	"Fabricant du système d’exploitation:        Microsoft Corporation\n" \
	"Configuration du système d’exploitation:    Contrôleur principal de domaine\n" \
	"Type de version du système d’exploitation:  Multiprocessor Free\n" \
	"Propriétaire enregistré:                    Utilisateur Windows\n" \
	"Organisation enregistrée:\n" \
	"Identificateur de produit:                  00377-60000-00000-AA368\n" \
	"Date d’installation originale:              12/03/2019, 14:05:11\n" \
	"Heure de démarrage du système:              04/10/2021, 06:30:02\n" \
	"Fabricant du système:                       Microsoft Corporation\n" \
	"Modèle du système:                          Virtual Machine\n" \
	"Type du système:                            x64-based PC\n" \
	"Processeur(s):                              1 processeur(s) installé(s).\n" \
	"                                            [01] : Intel64 Family 6 Model 79 Stepping 1 GenuineIntel ~2295 MHz\n" \
	"Version du BIOS:                            American Megatrends Inc. 090008 , 07/12/2018\n" \
	"Répertoire Windows:                         C:\\Windows\n" \
	"Répertoire système:                         C:\\Windows\\system32\n" \
	"Périphérique d’amorçage:                    \\Device\\HarddiskVolume1\n" \
	"Option régionale du système:                fr;Français (France)\n" \
	"Paramètres régionaux d’entrée:              fr;Français (France)\n" \
	"Fuseau horaire:                             (UTC+01:00) Bruxelles, Copenhague, Madrid, Paris\n" \
	"Mémoire physique totale:                    16\xc2\xa0""349 Mo\n" \
	"Mémoire physique disponible:                10\xc2\xa0""618 Mo\n" \
	"Mémoire virtuelle : taille maximale:        18\xc2\xa0""781 Mo\n" \
	"Mémoire virtuelle : disponible:             10\xc2\xa0""507 Mo\n" \
	"Mémoire virtuelle : en cours d’utilisation: 8\xc2\xa0""274 Mo\n" \
	"Emplacements des fichiers d’échange:        C:\\pagefile.sys\n" \
	"Domaine:                                    compta.local\n" \
	"Serveur d’ouverture de session:             \\\\SRV-COMPTA\n" \
	"Correctif(s):                               2 Corrections installées.\n" \
	"                                            [01]: KB4601050\n" \
	"                                            [02]: KB4561600\n" \
	"Carte(s) réseau:                            1 carte(s) réseau installée(s).\n" \
	"                                            [01]: Microsoft Hyper-V Network Adapter\n" \
	"Configuration requise pour Hyper-V:         Un hyperviseur a été détecté. Les fonctionnalités nécessaires à Hyper-V ne seront pas affichées.\n"

/* systeminfo in Brazilian Portuguese: labels not in the table, read by position. */
#define SYSTEMINFO_PT \
	"\n" \
	"Nome do host:                              SRV-BACKUP\n" \
	"Nome do sistema operacional:               Microsoft Windows Server 2022 Datacenter\n" \
	"Versão do sistema operacional:             10.0.20348 N/A compilação 20348\n" \
	"Fabricante do sistema operacional:         Microsoft Corporation\n" \
	"Configuração do SO:                        Servidor Autônomo\n" \
	"Tipo de compilação do sistema operacional: Multiprocessor Free\n" \
	"Proprietário registrado:                   Usuário do Windows\n" \
	"Organização registrada:\n" \
	"Identificação do produto:                  00454-60000-00001-AA123\n" \
	"Data da instalação original:               01/02/2022, 09:10:11\n" \
	"Tempo de Inicialização do Sistema:         20/09/2022, 06:01:02\n" \
	"Fabricante do sistema:                     Microsoft Corporation\n" \
	"Modelo do sistema:                         Virtual Machine\n" \
	"Tipo de sistema:                           x64-based PC\n" \
	"Processador(es):                           1 processador(es) instalado(s).\n" \
	"                                           [01]: Intel64 Family 6 Model 85 Stepping 4 GenuineIntel ~2095 Mhz\n" \
	"Versão do BIOS:                            American Megatrends Inc. 090008 , 12/07/2018\n" \
	"Pasta do Windows:                          C:\\Windows\n" \
	"Pasta do sistema:                          C:\\Windows\\system32\n" \
	"Inicializar dispositivo:                   \\Device\\HarddiskVolume1\n" \
	"Localidade do sistema:                     pt-br;Português (Brasil)\n" \
	"Localidade de entrada:                     pt-br;Português (Brasil)\n" \
	"Fuso horário:                              (UTC-03:00) Brasília\n" \
	"Memória física total:                      16.383 MB\n" \
	"Memória física disponível:                 9.001 MB\n" \
	"Memória Virtual: Tamanho Máximo:           18.815 MB\n" \
	"Memória Virtual: Disponível:               10.515 MB\n" \
	"Memória Virtual: Em Uso:                   8.300 MB\n" \
	"Local(is) de arquivo de paginação:         D:\\pagefile.sys\n" \
	"Domínio:                                   WORKGROUP\n" \
	"Servidor de Logon:                         \\\\SRV-BACKUP\n" \
	"Hotfix(es):                                N/A\n" \
	"Placa(s) de Rede:                          1 NIC(s) instalado(s).\n" \
	"                                           [01]: Microsoft Hyper-V Network Adapter\n"

/* systeminfo /fo csv (the data row of a real capture is much longer; columns kept). */
#define SYSTEMINFO_CSV \
	"\"Host Name\",\"OS Name\",\"OS Version\",\"OS Manufacturer\",\"OS Configuration\"," \
	"\"OS Build Type\",\"Registered Owner\",\"Registered Organization\",\"Product ID\"," \
	"\"Original Install Date\",\"System Boot Time\",\"System Manufacturer\",\"System Model\"," \
	"\"System Type\",\"Processor(s)\",\"BIOS Version\",\"Windows Directory\",\"System Directory\"," \
	"\"Boot Device\",\"System Locale\",\"Input Locale\",\"Time Zone\",\"Total Physical Memory\"," \
	"\"Available Physical Memory\",\"Virtual Memory: Max Size\",\"Virtual Memory: Available\"," \
	"\"Virtual Memory: In Use\",\"Page File Location(s)\",\"Domain\",\"Logon Server\"," \
	"\"Hotfix(s)\",\"Network Card(s)\",\"Hyper-V Requirements\"\r\n" \
	"\"SRV-APP02\",\"Microsoft Windows Server 2016 Standard\",\"10.0.14393 N/A Build 14393\"," \
	"\"Microsoft Corporation\",\"Member Server\",\"Multiprocessor Free\",\"Windows User\",\"\"," \
	"\"00376-40000-00000-AA947\",\"6/14/2019, 2:24:51 PM\",\"10/20/2021, 3:02:11 AM\"," \
	"\"HPE\",\"ProLiant DL380 Gen10\",\"x64-based PC\"," \
	"\"1 Processor(s) Installed.,[01]: Intel64 Family 6 Model 85 Stepping 4 GenuineIntel ~2101 Mhz\"," \
	"\"HPE U30, 5/21/2019\",\"C:\\Windows\",\"C:\\Windows\\system32\",\"\\Device\\HarddiskVolume2\"," \
	"\"en-us;English (United States)\",\"en-us;English (United States)\"," \
	"\"(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi\",\"65,210 MB\",\"41,002 MB\"," \
	"\"74,938 MB\",\"49,120 MB\",\"25,818 MB\",\"C:\\pagefile.sys\",\"corp.example.com\"," \
	"\"\\\\DC02\",\"2 Hotfix(s) Installed.,[01]: KB4494175,[02]: KB5005573\"," \
	"\"2 NIC(s) Installed.,[01]: HPE Ethernet 1Gb 4-port 331i Adapter\",\"\"\"Hyper-V\"\" shown\"\r\n"

/* sc qc for two services, as a collection script writes them one after the other. */
#define SC_QC \
	"[SC] QueryServiceConfig SUCCESS\n" \
	"\n" \
	"SERVICE_NAME: VSS\n" \
	"        TYPE               : 10  WIN32_OWN_PROCESS\n" \
	"        START_TYPE         : 3   DEMAND_START\n" \
	"        ERROR_CONTROL      : 1   NORMAL\n" \
	"        BINARY_PATH_NAME   : C:\\Windows\\system32\\vssvc.exe\n" \
	"        LOAD_ORDER_GROUP   :\n" \
	"        TAG                : 0\n" \
	"        DISPLAY_NAME       : Volume Shadow Copy\n" \
	"        DEPENDENCIES       : RPCSS\n" \
	"        SERVICE_START_NAME : LocalSystem\n" \
	"\n" \
	"[SC] QueryServiceConfig SUCCESS\n" \
	"\n" \
	"SERVICE_NAME: BITS\n" \
	"        TYPE               : 20  WIN32_SHARE_PROCESS\n" \
	"        START_TYPE         : 2   AUTO_START  (DELAYED)\n" \
	"        ERROR_CONTROL      : 1   NORMAL\n" \
	"        BINARY_PATH_NAME   : C:\\Windows\\System32\\svchost.exe -k netsvcs -p\n" \
	"        LOAD_ORDER_GROUP   :\n" \
	"        TAG                : 0\n" \
	"        DISPLAY_NAME       : Background Intelligent Transfer Service\n" \
	"        DEPENDENCIES       : RpcSs\n" \
	"                           : EventSystem\n" \
	"        SERVICE_START_NAME : LocalSystem\n"

/* Several sc query blocks (the enumeration form prints DISPLAY_NAME at column 0). */
#define SC_QUERY \
	"\n" \
	"SERVICE_NAME: obengine\n" \
	"DISPLAY_NAME: Microsoft Azure Recovery Services Agent\n" \
	"        TYPE               : 10  WIN32_OWN_PROCESS\n" \
	"        STATE              : 4  RUNNING\n" \
	"                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n" \
	"        WIN32_EXIT_CODE    : 0  (0x0)\n" \
	"        SERVICE_EXIT_CODE  : 0  (0x0)\n" \
	"        CHECKPOINT         : 0x0\n" \
	"        WAIT_HINT          : 0x0\n" \
	"\n" \
	"SERVICE_NAME: VSS\n" \
	"DISPLAY_NAME: Volume Shadow Copy\n" \
	"        TYPE               : 10  WIN32_OWN_PROCESS\n" \
	"        STATE              : 1  STOPPED\n" \
	"        WIN32_EXIT_CODE    : 0  (0x0)\n" \
	"        SERVICE_EXIT_CODE  : 0  (0x0)\n" \
	"        CHECKPOINT         : 0x0\n" \
	"        WAIT_HINT          : 0x0\n" \
	"\n" \
	"SERVICE_NAME: wbengine\n" \
	"DISPLAY_NAME: Block Level Backup Engine Service\n" \
	"        TYPE               : 10  WIN32_OWN_PROCESS\n" \
	"        STATE              : 1  STOPPED\n" \
	"        WIN32_EXIT_CODE    : 1077  (0x435)\n" \
	"        SERVICE_EXIT_CODE  : 0  (0x0)\n" \
	"        CHECKPOINT         : 0x0\n" \
	"        WAIT_HINT          : 0x0\n" \
	"\n" \
	"SERVICE_NAME: swprv\n" \
	"DISPLAY_NAME: Microsoft Software Shadow Copy Provider\n" \
	"        TYPE               : 10  WIN32_OWN_PROCESS\n" \
	"        STATE              : 2  START_PENDING\n" \
	"                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n" \
	"        WIN32_EXIT_CODE    : 0  (0x0)\n" \
	"        SERVICE_EXIT_CODE  : 0  (0x0)\n" \
	"        CHECKPOINT         : 0x1\n" \
	"        WAIT_HINT          : 0x7d0\n" \
	"        PID                : 3188\n" \
	"        FLAGS              :\n"

/* Get-Service, default table view of Windows PowerShell 5.1. */
#define GET_SERVICE_TABLE \
	"\n" \
	"Status   Name               DisplayName\n" \
	"------   ----               -----------\n" \
	"Running  obengine           Microsoft Azure Recovery Services A...\n" \
	"Stopped  VSS                Volume Shadow Copy\n" \
	"Stopped  swprv              Microsoft Software Shadow Copy Prov...\n" \
	"Running  EventSystem        COM+ Event System\n" \
	"Running  BrokerInfrastru... Background Tasks Infrastructure Ser...\n" \
	"StartPending wbengine       Block Level Backup Engine Service\n" \
	"\n"

/* Get-Service obengine | Format-List (5.1 property set). */
#define GET_SERVICE_LIST \
	"\n" \
	"Name                : obengine\n" \
	"DisplayName         : Microsoft Azure Recovery Services Agent\n" \
	"Status              : Stopped\n" \
	"DependentServices   : {}\n" \
	"ServicesDependedOn  : {}\n" \
	"CanPauseAndContinue : False\n" \
	"CanShutdown         : False\n" \
	"CanStop             : False\n" \
	"ServiceType         : Win32OwnProcess\n" \
	"StartType           : Disabled\n" \
	"\n" \
	"Name                : VSS\n" \
	"DisplayName         : Volume Shadow Copy\n" \
	"Status              : Running\n" \
	"DependentServices   : {}\n" \
	"ServicesDependedOn  : {RPCSS}\n" \
	"CanPauseAndContinue : False\n" \
	"CanShutdown         : True\n" \
	"CanStop             : True\n" \
	"ServiceType         : Win32OwnProcess\n" \
	"StartType           : Manual\n" \
	"\n\n"

/* Get-WmiObject Win32_Service (default list) followed by a selected-properties list. */
#define WIN32_SERVICE_LIST \
	"\n" \
	"\n" \
	"ExitCode  : 0\n" \
	"Name      : obengine\n" \
	"ProcessId : 2412\n" \
	"StartMode : Auto\n" \
	"State     : Running\n" \
	"Status    : OK\n" \
	"\n" \
	"ExitCode  : 1077\n" \
	"Name      : wbengine\n" \
	"ProcessId : 0\n" \
	"StartMode : Manual\n" \
	"State     : Stopped\n" \
	"Status    : OK\n" \
	"\n" \
	"Name             : swprv\n" \
	"DisplayName      : Microsoft Software Shadow Copy Provider\n" \
	"State            : Start Pending\n" \
	"StartMode        : Auto\n" \
	"DelayedAutoStart : True\n" \
	"PathName         : C:\\Windows\\System32\\svchost.exe -k swprv\n" \
	"StartName        : LocalSystem\n" \
	"\n"

/* Get-CimInstance Win32_Service (default table). */
#define WIN32_SERVICE_TABLE \
	"\n" \
	"ProcessId Name      StartMode State   Status ExitCode\n" \
	"--------- ----      --------- -----   ------ --------\n" \
	"2412      obengine  Auto      Running OK     0\n" \
	"0         VSS       Manual    Stopped OK     0\n" \
	"0         wbengine  Disabled  Stopped OK     1077\n" \
	"\n"

/* reg query of the .NET 4 key and of the agent's setup key. */
#define REG_QUERY \
	"\n" \
	"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full\n" \
	"    CBS    REG_DWORD    0x1\n" \
	"    Install    REG_DWORD    0x1\n" \
	"    InstallPath    REG_SZ    C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\\n" \
	"    Release    REG_DWORD    0x80ea8\n" \
	"    Servicing    REG_DWORD    0x0\n" \
	"    TargetVersion    REG_SZ    4.0.0\n" \
	"    Version    REG_SZ    4.8.03761\n" \
	"\n" \
	"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Setup\n" \
	"    (Default)    REG_SZ    (value not set)\n" \
	"    InstallPath    REG_SZ    C:\\Program Files\\Microsoft Azure Recovery Services Agent\\\n" \
	"    Max Size    REG_QWORD    0x200000000\n" \
	"    DependOnService    REG_MULTI_SZ    RPCSS\\0EventSystem\n" \
	"    Empty    REG_SZ    \n" \
	"    Blob    REG_BINARY    0A0BFF\n" \
	"\n"

/* regedit export (as UTF-8 with LF; the tests also feed it as UTF-16LE with CRLF, the way
 * regedit writes it). */
#define REG_EXPORT \
	"Windows Registry Editor Version 5.00\n" \
	"\n" \
	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config]\n" \
	"\"ScratchLocation\"=\"C:\\\\Program Files\\\\Microsoft Azure Recovery Services Agent\\\\Scratch\\\\\"\n" \
	"\"TraceLevel\"=dword:00000004\n" \
	"\n" \
	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider]\n" \
	"\"ScratchLocation\"=\"D:\\\\MARS\\\\Scratch\"\n" \
	"\"Quoted\"=\"say \\\"hi\\\"\"\n" \
	"@=\"default value\"\n" \
	"\"ExpandPath\"=hex(2):25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,00,\\\n" \
	"  6c,00,65,00,73,00,25,00,5c,00,4d,00,41,00,52,00,53,00,\\\n" \
	"  00,00\n" \
	"\"Blob\"=hex:01,02,0a,ff\n" \
	"\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\n" \
	"\"Big\"=hex(b):00,10,00,00,00,00,00,00\n" \
	"\"Gone\"=-\n" \
	"\n" \
	"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full]\n" \
	"\"Release\"=dword:00080ea8\n" \
	"\n"

/* tzutil /g: one line, no line end. */
#define TZUTIL "Pacific Standard Time"

/* w32tm /query /status on a server that does not synchronise. */
#define W32TM \
	"Leap Indicator: 3(not synchronized)\n" \
	"Stratum: 0 (unspecified)\n" \
	"Precision: -23 (119.209ns per tick)\n" \
	"Root Delay: 0.0000000s\n" \
	"Root Dispersion: 0.0000000s\n" \
	"ReferenceId: 0x00000000 (unspecified)\n" \
	"Last Successful Sync Time: unspecified\n" \
	"Source: Local CMOS Clock\n" \
	"Poll Interval: 10 (1024s)\n" \
	"\n"

/* ipconfig /all on an Azure VM. */
#define IPCONFIG \
	"\n" \
	"Windows IP Configuration\n" \
	"\n" \
	"   Host Name . . . . . . . . . . . . : WIN-RIBN7SM07BK\n" \
	"   Primary Dns Suffix  . . . . . . . : contoso.local\n" \
	"   Node Type . . . . . . . . . . . . : Hybrid\n" \
	"   IP Routing Enabled. . . . . . . . : No\n" \
	"   WINS Proxy Enabled. . . . . . . . : No\n" \
	"   DNS Suffix Search List. . . . . . : contoso.local\n" \
	"                                       reddog.microsoft.com\n" \
	"\n" \
	"Ethernet adapter Ethernet:\n" \
	"\n" \
	"   Connection-specific DNS Suffix  . : reddog.microsoft.com\n" \
	"   Description . . . . . . . . . . . : Microsoft Hyper-V Network Adapter\n" \
	"   Physical Address. . . . . . . . . : 00-0D-3A-12-34-56\n" \
	"   DHCP Enabled. . . . . . . . . . . : Yes\n" \
	"   Autoconfiguration Enabled . . . . : Yes\n" \
	"   Link-local IPv6 Address . . . . . : fe80::1c2b:3d4e:5f60:7182%4(Preferred) \n" \
	"   IPv4 Address. . . . . . . . . . . : 10.0.0.4(Preferred) \n" \
	"   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n" \
	"   Lease Obtained. . . . . . . . . . : Friday, October 22, 2021 8:36:57 AM\n" \
	"   Lease Expires . . . . . . . . . . : Monday, November 28, 2157 2:49:31 PM\n" \
	"   Default Gateway . . . . . . . . . : 10.0.0.1\n" \
	"   DHCP Server . . . . . . . . . . . : 168.63.129.16\n" \
	"   DHCPv6 IAID . . . . . . . . . . . : 100666682\n" \
	"   DNS Servers . . . . . . . . . . . : 10.0.0.10\n" \
	"                                       168.63.129.16\n" \
	"   NetBIOS over Tcpip. . . . . . . . : Enabled\n" \
	"\n" \
	"Tunnel adapter isatap.reddog.microsoft.com:\n" \
	"\n" \
	"   Media State . . . . . . . . . . . : Media disconnected\n" \
	"   Connection-specific DNS Suffix  . : reddog.microsoft.com\n" \
	"   Description . . . . . . . . . . . : Microsoft ISATAP Adapter\n" \
	"   DHCP Enabled. . . . . . . . . . . : No\n" \
	"   Autoconfiguration Enabled . . . . : Yes\n"

/* netsh winhttp show proxy, with a proxy set. */
#define NETSH_PROXY \
	"\n" \
	"Current WinHTTP proxy settings:\n" \
	"\n" \
	"    Proxy Server(s) :  proxy.contoso.local:8080\n" \
	"    Bypass List     :  <local>;*.contoso.local\n" \
	"\n"

/* Test-NetConnection -Port 443, one success and one failure. */
#define TNC \
	"\n" \
	"\n" \
	"ComputerName     : pod01-rec2.wus2.backup.windowsazure.com\n" \
	"RemoteAddress    : 20.42.73.1\n" \
	"RemotePort       : 443\n" \
	"InterfaceAlias   : Ethernet\n" \
	"SourceAddress    : 10.0.0.4\n" \
	"TcpTestSucceeded : True\n" \
	"\n" \
	"WARNING: TCP connect to (20.38.0.7 : 443) failed\n" \
	"WARNING: Ping to 20.38.0.7 failed with status: TimedOut\n" \
	"\n" \
	"\n" \
	"ComputerName           : login.microsoftonline.com\n" \
	"RemoteAddress          : 20.38.0.7\n" \
	"RemotePort             : 443\n" \
	"InterfaceAlias         : Ethernet\n" \
	"SourceAddress          : 10.0.0.4\n" \
	"PingSucceeded          : False\n" \
	"PingReplyDetails (RTT) : 0 ms\n" \
	"TcpTestSucceeded       : False\n" \
	"\n"

/* Windows PowerShell 5.1: a cmdlet from a feature that is not installed. */
#define PS_ERROR \
	"Get-WBJob : The term 'Get-WBJob' is not recognized as the name of a cmdlet, function, script file, or\n" \
	"operable program. Check the spelling of the name, or if a path was included, verify that the path is\n" \
	"correct and try again.\n" \
	"At line:1 char:1\n" \
	"+ Get-WBJob -Previous 1\n" \
	"+ ~~~~~~~~~\n" \
	"    + CategoryInfo          : ObjectNotFound: (Get-WBJob:String) [], CommandNotFoundException\n" \
	"    + FullyQualifiedErrorId : CommandNotFoundException\n" \
	"\n"

/* sc run without elevation. */
#define SC_DENIED \
	"[SC] OpenService FAILED 5:\n" \
	"\n" \
	"Access is denied.\n" \
	"\n"

/* A note from a ticket: mentions every tool, holds none of their output. */
#define PROSE \
	"Hello,\n" \
	"\n" \
	"Please run systeminfo, sc query obengine, ipconfig /all and w32tm /query /status on\n" \
	"the server and send us the Host Name, the OS Name and whether the STATE is RUNNING.\n" \
	"Also export HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup with regedit.\n" \
	"The service name: obengine. Time zone: Pacific Standard Time.\n" \
	"\n" \
	"Thanks,\n" \
	"Support\n"

struct sample_more {
	const char *name;
	const struct parser *owner;	/* the parser that must win it, NULL for none */
	const char *text;
};

static const struct sample_more samples_more[] = {
	{"systeminfo-en", &parser_systeminfo, SYSTEMINFO_EN},
	{"systeminfo-de", &parser_systeminfo, SYSTEMINFO_DE},
	{"systeminfo-fr", &parser_systeminfo, SYSTEMINFO_FR},
	{"systeminfo-pt", &parser_systeminfo, SYSTEMINFO_PT},
	{"systeminfo-csv", &parser_systeminfo, SYSTEMINFO_CSV},
	{"sc-qc", &parser_service, SC_QC},
	{"sc-query", &parser_service, SC_QUERY},
	{"get-service-table", &parser_service, GET_SERVICE_TABLE},
	{"get-service-list", &parser_service, GET_SERVICE_LIST},
	{"win32-service-list", &parser_service, WIN32_SERVICE_LIST},
	{"win32-service-table", &parser_service, WIN32_SERVICE_TABLE},
	{"reg-query", &parser_registry, REG_QUERY},
	{"reg-export", &parser_registry, REG_EXPORT},
	{"tzutil", &parser_timecfg, TZUTIL},
	{"w32tm", &parser_timecfg, W32TM},
	{"ipconfig", &parser_network, IPCONFIG},
	{"netsh-proxy", &parser_network, NETSH_PROXY},
	{"tnc", &parser_network, TNC},
	{"ps-error", &parser_pserror, PS_ERROR},
	{"sc-denied", &parser_pserror, SC_DENIED},
	{"prose", NULL, PROSE},
};

/* The bid of p for a text, through the real decoder's head. */
static inline int
bid_text(const struct parser *p, const char *name, const void *bytes, size_t n)
{
	struct mem_src m = {bytes, n, 0, 0};
	struct byte_source src = {mem_read, NULL, &m};
	struct textin *t = textin_open(src, 0);
	const char *head;
	size_t hl;
	int b;

	head = textin_head(t, &hl);
	b = p->bid(name, head, hl);
	textin_close(t);
	return b;
}

static inline void
arena_sink(void *c, const struct record *r)
{
	size_t *max = c;

	if (r->arena.len > *max)
		*max = r->arena.len;
}

/* The largest record arena p's records had on text: memory that must stay flat. */
static inline size_t
max_arena(const struct parser *p, const char *text)
{
	struct mem_src m = {(const unsigned char *)text, strlen(text), 0, 0};
	struct byte_source src = {mem_read, NULL, &m};
	struct parse_ctx ctx;
	size_t max = 0;

	memset(&ctx, 0, sizeof ctx);
	ctx.entry = "x.txt";
	ctx.in = textin_open(src, 0);
	ctx.sink.emit = arena_sink;
	ctx.sink.ctx = &max;
	p->parse(&ctx);
	record_free(&ctx.rec);
	free(ctx.note);
	textin_close(ctx.in);
	return max;
}

/* Checks that p bids on its own samples and on nothing else; returns the failures. */
static inline int
bid_matrix(const struct parser *p, char *why, size_t whylen)
{
	size_t i;
	int b, bad = 0;

	why[0] = '\0';
	for (i = 0; i < MT_ARRAY_LEN(samples_more); i++) {
		b = bid_text(p, "capture.txt", samples_more[i].text,
		    strlen(samples_more[i].text));
		if ((samples_more[i].owner == p) != (b > 0)) {
			size_t l = strlen(why);

			snprintf(why + l, whylen - l, "%s:%d ", samples_more[i].name, b);
			bad++;
		}
	}
	return bad;
}

#endif
