console.log('booting forever');
setInterval(() => {}, 1000);
