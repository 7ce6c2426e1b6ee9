/**
 * Every type's resourceHealth.supported claim agrees with Microsoft's "Resource types and health checks in Azure
 * resource health" reference (https://learn.microsoft.com/azure/service-health/resource-health-checks-resource-types,
 * page dated 2025-05-05, read 2026-12-01). The headings of that page, as listed there (ARM types are case-insensitive).
 * A type the page does not list is not supported, even if a close relative is (Microsoft.DBforMySQL/servers is
 * listed, flexibleServers is not).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceCatalog } from '../../src/catalog/resources.js';

const REFERENCE = 'https://learn.microsoft.com/azure/service-health/resource-health-checks-resource-types';

const listed = new Set([
  'Microsoft.AlertsManagement/prometheusRuleGroups', 'Microsoft.AnalysisServices/servers', 'Microsoft.ApiManagement/service',
  'Microsoft.AppPlatform/Spring', 'Microsoft.AVS/PrivateClouds', 'Microsoft.ClassicCompute/virtualMachines', 'Microsoft.AzureFleet/fleets',
  'microsoft.fluidrelay/fluidrelayservers', 'Microsoft.Batch/batchAccounts', 'Microsoft.Cache/Redis',
  // The page writes Microsoft.CDN/profile; the ARM type is Microsoft.Cdn/profiles.
  'Microsoft.CDN/profiles',
  'Microsoft.classiccompute/domainnames', 'Microsoft.cognitiveservices/accounts', 'Microsoft.compute/hostgroups/hosts',
  'Microsoft.compute/virtualmachines', 'Microsoft.compute/virtualmachinescalesets', 'Microsoft.ContainerService/managedClusters',
  'Microsoft.Dashboard/grafana', 'Microsoft.datafactory/factories', 'Microsoft.datalakeanalytics/accounts', 'Microsoft.datalakestore/accounts',
  'Microsoft.datamigration/services', 'Microsoft.DataShare/accounts', 'Microsoft.DBforMariaDB/servers', 'Microsoft.DBforPostgreSQL/flexibleservers',
  'Microsoft.DBforMySQL/servers', 'Microsoft.DBforPostgreSQL/servers', 'Microsoft.DBforPostgreSQL/serverGroupsv2', 'Microsoft.devices/iothubs',
  'Microsoft.DigitalTwins/DigitalTwinsInstances', 'Microsoft.documentdb/databaseAccounts', 'Microsoft.Easm/workspaces', 'Microsoft.eventhub/namespaces',
  'Microsoft.ExtendedLocation/customLocations', 'Microsoft.hdinsight/clusters', 'Microsoft.HealthcareApis/workspaces/dicomservices',
  'Microsoft.HybridCompute/machines', 'Microsoft.HybridNetwork/devices', 'Microsoft.HybridNetwork/networkFunctions', 'Microsoft.IoTCentral/IoTApps',
  'Microsoft.Insights/scheduledQueryRules', 'Microsoft.KeyVault/vaults', 'Microsoft.Kubernetes/connectedClusters', 'Microsoft.Kusto/clusters',
  'Microsoft.MachineLearning/webServices', 'Microsoft.Media/mediaservices', 'Microsoft.MobileNetwork/packetcoreControlPlanes', 'Microsoft.Monitor/Accounts',
  'Microsoft.network/applicationgateways', 'Microsoft.network/azureFirewalls', 'Microsoft.network/bastionhosts', 'Microsoft.network/connections',
  'Microsoft.Network/dnsResolvers/inboundEndpoints', 'Microsoft.Network/dnsResolvers', 'Microsoft.Network/dnsResolvers/outboundEndpoints',
  'Microsoft.Network/dnszones', 'Microsoft.network/expressroutecircuits', 'Microsoft.Network/expressRouteGateways', 'Microsoft.network/frontdoors',
  'Microsoft.network/LoadBalancers', 'Microsoft.network/natGateways', 'Microsoft.Network/p2sVpnGateways', 'Microsoft.network/trafficmanagerprofiles',
  'Microsoft.Network/virtualHubs', 'Microsoft.network/virtualNetworkGateways', 'Microsoft.Network/VpnGateways/VpnConnections', 'Microsoft.network/vpnGateways',
  'Microsoft.Network/VpnGateways/VpnConnections/VpnLinkConnections', 'Microsoft.NetworkCloud/bareMetalMachines', 'Microsoft.NetworkCloud/clusterManagers',
  'Microsoft.NetworkCloud/clusters', 'Microsoft.NetworkCloud/storageAppliances', 'Microsoft.NotificationHubs/namespace', 'Microsoft.OnlineExperimentation/workspaces',
  'Microsoft.operationalinsights/workspaces', 'Microsoft.Orbital/contactprofiles', 'Microsoft.Orbital/spacecrafts', 'Microsoft.PowerBIDedicated/Capacities',
  'Microsoft.Purview/accounts', 'Microsoft.RedHatOpenShift/openShiftClusters', 'Microsoft.ResourceConnector/appliances', 'Microsoft.SCOM/managedInstances',
  'Microsoft.search/searchServices', 'Microsoft.ServiceBus/namespaces', 'Microsoft.ServiceFabric/clusters', 'Microsoft.ServiceFabric/managedClusters',
  'Microsoft.SignalRService/SignalR', 'Microsoft.SignalRService/SignalR/replicas', 'Microsoft.SignalRService/WebPubSub', 'microsoft.storagemover/storageMovers',
  'Microsoft.SQL/managedInstances/databases', 'Microsoft.Sql/managedInstances', 'Microsoft.SQL/servers/databases', 'Microsoft.Storage/storageAccounts',
  'Microsoft.StorageCache/caches', 'Microsoft.StreamAnalytics/streamingjobs', 'Microsoft.Synapse/workspaces', 'Microsoft.VideoIndexer/accounts',
  'Microsoft.web/serverFarms', 'Microsoft.web/sites', 'Microsoft.Workloads/monitors', 'Microsoft.RecoveryServices/vaults',
  'Microsoft.VoiceServices/communicationsgateway',
].map((t) => t.toLowerCase()));

test('resourceHealth.supported is true exactly for the types the Resource Health reference lists', () => {
  for (const e of resourceCatalog().values()) {
    assert.is(e.resourceHealth.supported, listed.has(e.type.toLowerCase()), `${e.type}: supported ${e.resourceHealth.supported}, the reference ${listed.has(e.type.toLowerCase()) ? 'lists' : 'does not list'} it`);
  }
});

test('every supported claim cites the Resource Health reference', () => {
  for (const e of resourceCatalog().values()) {
    if (e.resourceHealth.supported) assert.is(e.resourceHealth.source, REFERENCE, e.type);
  }
});

test('MySQL flexible server is not claimed (only the retired single server, DBforMySQL/servers, is listed)', () => {
  assert.is(resourceCatalog().get('microsoft.dbformysql/flexibleservers')?.resourceHealth.supported, false);
});

test.run();
