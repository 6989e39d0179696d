-- One database per service: no service reads another's tables.
CREATE DATABASE identity;
CREATE DATABASE content;
CREATE DATABASE practice;
CREATE DATABASE evaluation;
CREATE DATABASE coach;
