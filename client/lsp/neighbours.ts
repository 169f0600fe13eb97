// Which other Dockerfile language servers run in this editor (Docker DX, Container Tools, the older
// Docker extension): installed and enabled is enough, they start on the same Dockerfiles we do.
import * as vscode from 'vscode';
import { NEIGHBOURS, type Neighbour } from '../../common/settings';

export function activeNeighbours(): Neighbour[] {
  return (Object.keys(NEIGHBOURS) as Neighbour[]).filter((neighbour) => vscode.extensions.getExtension(NEIGHBOURS[neighbour].extensionId) !== undefined);
}
