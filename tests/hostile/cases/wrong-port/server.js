require('./good')({ port: 8082 });
