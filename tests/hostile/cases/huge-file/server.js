require('./good')();
