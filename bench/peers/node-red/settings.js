// Node-RED settings for the bench peer: the editor and admin API off, kafkajs given to function nodes (the way a
// Node-RED user adds a library without installing a contrib node), the port and user directory from the bench.
const path = require('path');
module.exports = {
  uiHost: '127.0.0.1',
  uiPort: Number(process.env.PORT || 1880),
  httpAdminRoot: false,
  userDir: process.env.NODE_RED_USER_DIR,
  flowFile: path.join(process.env.NODE_RED_USER_DIR, 'flows.json'),
  credentialSecret: false,
  functionGlobalContext: { kafkajs: require('kafkajs') },
  logging: { console: { level: 'info', metrics: false, audit: false } },
};
