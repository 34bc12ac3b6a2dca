// sigilum-plugin — placeholder on the integration base; the complete hook replaces this file before merge.
export default async function handler(event) {
  return event;
}
