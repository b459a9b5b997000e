import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

export const DateTimeScalar = GraphQLDateTime;
export const JSONScalar = GraphQLJSON;
