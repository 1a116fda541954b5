// ZimbraBundle
