module.exports = require('../../tools/webpack/nest-app.webpack.js')(__dirname);
